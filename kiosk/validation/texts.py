"""The validation messages as data: one short text per message key and language.

``TEXTS`` has every key in every language and no placeholders, so it can always be shown.
``DETAILED`` has, for a few keys, a more telling text with placeholders (``{years}``,
``{months}``, ``{min}``, ``{max}``) that the caller fills from the form's configuration.
No text ever repeats what the user typed: it may be personal data.
Languages: de, en, tr, ar, uk, ru.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # --- Steuer-ID -------------------------------------------------------------------
    "tax_id.empty": {
        "de": "Bitte geben Sie die Steuer-ID ein.",
        "en": "Please enter the tax ID (Steuer-ID).",
        "tr": "Lütfen vergi kimlik numarasını (Steuer-ID) girin.",
        "ar": "يرجى إدخال رقم التعريف الضريبي (Steuer-ID).",
        "uk": "Будь ласка, введіть податковий номер (Steuer-ID).",
        "ru": "Пожалуйста, введите налоговый номер (Steuer-ID).",
    },
    "tax_id.format": {
        "de": "Die Steuer-ID hat 11 Ziffern. Bitte prüfen Sie die Eingabe.",
        "en": "The tax ID has 11 digits. Please check your entry.",
        "tr": "Vergi kimlik numarası 11 rakamdan oluşur. Lütfen girişinizi kontrol edin.",
        "ar": "يتكون رقم التعريف الضريبي من 11 رقمًا. يرجى التحقق من الإدخال.",
        "uk": "Податковий номер складається з 11 цифр. Будь ласка, перевірте введене.",
        "ru": "Налоговый номер состоит из 11 цифр. Пожалуйста, проверьте ввод.",
    },
    "tax_id.leading_zero": {
        "de": "Eine Steuer-ID beginnt nie mit 0. Bitte prüfen Sie die erste Ziffer.",
        "en": "A tax ID never starts with 0. Please check the first digit.",
        "tr": "Vergi kimlik numarası asla 0 ile başlamaz. Lütfen ilk rakamı kontrol edin.",
        "ar": "لا يبدأ رقم التعريف الضريبي أبدًا بالرقم 0. يرجى التحقق من الرقم الأول.",
        "uk": "Податковий номер ніколи не починається з 0. Будь ласка, перевірте першу цифру.",
        "ru": "Налоговый номер никогда не начинается с 0. Пожалуйста, проверьте первую цифру.",
    },
    "tax_id.repetition": {
        "de": "Diese Ziffernfolge ist als Steuer-ID nicht möglich. "
        "Bitte prüfen Sie die Eingabe auf Tippfehler.",
        "en": "This sequence of digits is not possible for a tax ID. "
        "Please check your entry for typing errors.",
        "tr": "Bu rakam dizisi bir vergi kimlik numarası olamaz. "
        "Lütfen girişinizi yazım hatalarına karşı kontrol edin.",
        "ar": "تسلسل الأرقام هذا غير ممكن لرقم التعريف الضريبي. "
        "يرجى التحقق من الإدخال بحثًا عن أخطاء الكتابة.",
        "uk": "Така послідовність цифр неможлива для податкового номера. "
        "Будь ласка, перевірте, чи немає помилок.",
        "ru": "Такая последовательность цифр невозможна для налогового номера. "
        "Пожалуйста, проверьте ввод на опечатки.",
    },
    "tax_id.check_digit": {
        "de": "Die Steuer-ID ist nicht gültig (Prüfziffer). Bitte vergleichen Sie jede Ziffer "
        "mit dem Schreiben des Finanzamts.",
        "en": "The tax ID is not valid (check digit). Please compare each digit with the "
        "letter from the tax office.",
        "tr": "Vergi kimlik numarası geçerli değil (kontrol rakamı). Lütfen her rakamı vergi "
        "dairesinin mektubuyla karşılaştırın.",
        "ar": "رقم التعريف الضريبي غير صالح (رقم التحقق). يرجى مقارنة كل رقم مع رسالة "
        "مكتب الضرائب.",
        "uk": "Податковий номер недійсний (контрольна цифра). Будь ласка, звірте кожну цифру "
        "з листом податкової служби.",
        "ru": "Налоговый номер недействителен (контрольная цифра). Пожалуйста, сверьте каждую "
        "цифру с письмом налоговой службы.",
    },
    # --- IBAN / BIC ------------------------------------------------------------------
    "iban.empty": {
        "de": "Bitte geben Sie die IBAN ein.",
        "en": "Please enter the IBAN.",
        "tr": "Lütfen IBAN numarasını girin.",
        "ar": "يرجى إدخال رقم الآيبان (IBAN).",
        "uk": "Будь ласка, введіть IBAN.",
        "ru": "Пожалуйста, введите IBAN.",
    },
    "iban.characters": {
        "de": "Die IBAN besteht nur aus Buchstaben und Ziffern. "
        "Bitte entfernen Sie andere Zeichen.",
        "en": "The IBAN consists of letters and digits only. Please remove any other characters.",
        "tr": "IBAN yalnızca harf ve rakamlardan oluşur. Lütfen diğer karakterleri silin.",
        "ar": "يتكون رقم الآيبان من حروف وأرقام فقط. يرجى حذف أي رموز أخرى.",
        "uk": "IBAN складається лише з літер і цифр. Будь ласка, видаліть інші символи.",
        "ru": "IBAN состоит только из букв и цифр. Пожалуйста, удалите другие символы.",
    },
    "iban.country": {
        "de": "Die IBAN beginnt mit dem Länderkennzeichen, z. B. DE. "
        "Bitte prüfen Sie die ersten zwei Buchstaben.",
        "en": "The IBAN starts with the country code, e.g. DE. Please check the first two letters.",
        "tr": "IBAN ülke koduyla başlar, örneğin DE veya TR. Lütfen ilk iki harfi kontrol edin.",
        "ar": "يبدأ رقم الآيبان برمز الدولة، مثل DE. يرجى التحقق من الحرفين الأولين.",
        "uk": "IBAN починається з коду країни, наприклад DE. "
        "Будь ласка, перевірте перші дві літери.",
        "ru": "IBAN начинается с кода страны, например DE. Пожалуйста, проверьте первые две буквы.",
    },
    "iban.length": {
        "de": "Die IBAN hat nicht die richtige Länge (in Deutschland 22 Zeichen). "
        "Bitte prüfen Sie, ob ein Zeichen fehlt oder zu viel ist.",
        "en": "The IBAN does not have the right length (22 characters in Germany). "
        "Please check whether a character is missing or extra.",
        "tr": "IBAN doğru uzunlukta değil (Almanya'da 22 karakter). "
        "Lütfen eksik veya fazla karakter olup olmadığını kontrol edin.",
        "ar": "طول رقم الآيبان غير صحيح (22 خانة في ألمانيا). "
        "يرجى التحقق من وجود خانة ناقصة أو زائدة.",
        "uk": "IBAN має неправильну довжину (у Німеччині 22 символи). "
        "Будь ласка, перевірте, чи не бракує або чи немає зайвого символу.",
        "ru": "IBAN имеет неправильную длину (в Германии 22 символа). "
        "Пожалуйста, проверьте, нет ли пропущенного или лишнего символа.",
    },
    "iban.checksum": {
        "de": "Die IBAN ist nicht gültig. Bitte vergleichen Sie sie Zeichen für Zeichen mit "
        "der Bankkarte oder dem Kontoauszug.",
        "en": "The IBAN is not valid. Please compare it character by character with the "
        "bank card or bank statement.",
        "tr": "IBAN geçerli değil. Lütfen banka kartı veya hesap özetiyle karakter karakter "
        "karşılaştırın.",
        "ar": "رقم الآيبان غير صالح. يرجى مقارنته خانةً خانةً مع البطاقة المصرفية أو كشف الحساب.",
        "uk": "IBAN недійсний. Будь ласка, звірте його символ за символом з банківською "
        "карткою або випискою з рахунку.",
        "ru": "IBAN недействителен. Пожалуйста, сверьте его символ за символом с банковской "
        "картой или выпиской со счёта.",
    },
    "bic.format": {
        "de": "Die BIC hat 8 oder 11 Zeichen (z. B. COBADEFFXXX). "
        "Bitte prüfen Sie die Eingabe oder lassen Sie das Feld leer.",
        "en": "The BIC has 8 or 11 characters (e.g. COBADEFFXXX). "
        "Please check your entry or leave the field empty.",
        "tr": "BIC 8 veya 11 karakterden oluşur (örneğin COBADEFFXXX). "
        "Lütfen girişinizi kontrol edin veya alanı boş bırakın.",
        "ar": "يتكون رمز BIC من 8 أو 11 خانة (مثل COBADEFFXXX). "
        "يرجى التحقق من الإدخال أو ترك الحقل فارغًا.",
        "uk": "BIC має 8 або 11 символів (наприклад, COBADEFFXXX). "
        "Будь ласка, перевірте введене або залиште поле порожнім.",
        "ru": "BIC состоит из 8 или 11 символов (например, COBADEFFXXX). "
        "Пожалуйста, проверьте ввод или оставьте поле пустым.",
    },
    "bic.country": {
        "de": "Die BIC enthält an 5. und 6. Stelle kein gültiges Länderkennzeichen. "
        "Bitte prüfen Sie die Eingabe.",
        "en": "Characters 5 and 6 of the BIC are not a valid country code. "
        "Please check your entry.",
        "tr": "BIC'nin 5. ve 6. karakterleri geçerli bir ülke kodu değil. "
        "Lütfen girişinizi kontrol edin.",
        "ar": "الخانتان الخامسة والسادسة من رمز BIC ليستا رمز دولة صالحًا. يرجى التحقق من الإدخال.",
        "uk": "5-й і 6-й символи BIC не є дійсним кодом країни. Будь ласка, перевірте введене.",
        "ru": "5-й и 6-й символы BIC не являются действительным кодом страны. "
        "Пожалуйста, проверьте ввод.",
    },
    # --- Postcode --------------------------------------------------------------------
    "postcode.empty": {
        "de": "Bitte geben Sie die Postleitzahl ein.",
        "en": "Please enter the postcode.",
        "tr": "Lütfen posta kodunu girin.",
        "ar": "يرجى إدخال الرمز البريدي.",
        "uk": "Будь ласка, введіть поштовий індекс.",
        "ru": "Пожалуйста, введите почтовый индекс.",
    },
    "postcode.format": {
        "de": "Die Postleitzahl hat 5 Ziffern. Bitte prüfen Sie die Eingabe.",
        "en": "The postcode has 5 digits. Please check your entry.",
        "tr": "Posta kodu 5 rakamdan oluşur. Lütfen girişinizi kontrol edin.",
        "ar": "يتكون الرمز البريدي من 5 أرقام. يرجى التحقق من الإدخال.",
        "uk": "Поштовий індекс складається з 5 цифр. Будь ласка, перевірте введене.",
        "ru": "Почтовый индекс состоит из 5 цифр. Пожалуйста, проверьте ввод.",
    },
    "postcode.not_wiesbaden": {
        "de": "Diese Postleitzahl gehört nicht zu Wiesbaden. Bitte prüfen Sie die Adresse.",
        "en": "This postcode is not in Wiesbaden. Please check the address.",
        "tr": "Bu posta kodu Wiesbaden'e ait değil. Lütfen adresi kontrol edin.",
        "ar": "هذا الرمز البريدي لا يتبع مدينة فيسبادن. يرجى التحقق من العنوان.",
        "uk": "Цей поштовий індекс не належить до Вісбадена. Будь ласка, перевірте адресу.",
        "ru": "Этот почтовый индекс не относится к Висбадену. Пожалуйста, проверьте адрес.",
    },
    # --- Names -----------------------------------------------------------------------
    "name.empty": {
        "de": "Bitte geben Sie den Namen ein.",
        "en": "Please enter the name.",
        "tr": "Lütfen adı girin.",
        "ar": "يرجى إدخال الاسم.",
        "uk": "Будь ласка, введіть ім'я.",
        "ru": "Пожалуйста, введите имя.",
    },
    "name.too_long": {
        "de": "Der Name ist zu lang (höchstens 100 Zeichen). Bitte kürzen Sie die Eingabe.",
        "en": "The name is too long (at most 100 characters). Please shorten it.",
        "tr": "Ad çok uzun (en fazla 100 karakter). Lütfen kısaltın.",
        "ar": "الاسم طويل جدًا (100 حرف كحد أقصى). يرجى تقصيره.",
        "uk": "Ім'я задовге (не більше 100 символів). Будь ласка, скоротіть його.",
        "ru": "Имя слишком длинное (не более 100 символов). Пожалуйста, сократите его.",
    },
    "name.characters": {
        "de": "Ein Name besteht aus Buchstaben, Leerzeichen, Bindestrichen, Apostrophen und "
        "Punkten. Bitte entfernen Sie Ziffern und andere Zeichen.",
        "en": "A name consists of letters, spaces, hyphens, apostrophes and dots. "
        "Please remove digits and other characters.",
        "tr": "Bir ad harfler, boşluklar, kısa çizgiler, kesme işaretleri ve noktalardan "
        "oluşur. Lütfen rakamları ve diğer karakterleri silin.",
        "ar": "يتكون الاسم من حروف ومسافات وشرطات وفواصل عليا ونقاط. "
        "يرجى حذف الأرقام والرموز الأخرى.",
        "uk": "Ім'я складається з літер, пробілів, дефісів, апострофів і крапок. "
        "Будь ласка, видаліть цифри та інші символи.",
        "ru": "Имя состоит из букв, пробелов, дефисов, апострофов и точек. "
        "Пожалуйста, удалите цифры и другие символы.",
    },
    "name.punctuation": {
        "de": "Bindestriche, Apostrophe und Leerzeichen stehen nur einzeln zwischen "
        "Buchstaben. Bitte prüfen Sie Anfang und Ende des Namens.",
        "en": "Hyphens, apostrophes and spaces belong singly between letters. "
        "Please check the beginning and end of the name.",
        "tr": "Kısa çizgi, kesme işareti ve boşluk yalnızca harflerin arasında ve tek olarak "
        "bulunur. Lütfen adın başını ve sonunu kontrol edin.",
        "ar": "تأتي الشرطات والفواصل العليا والمسافات منفردةً بين الحروف فقط. "
        "يرجى التحقق من بداية الاسم ونهايته.",
        "uk": "Дефіси, апострофи та пробіли стоять лише поодинці між літерами. "
        "Будь ласка, перевірте початок і кінець імені.",
        "ru": "Дефисы, апострофы и пробелы ставятся только по одному между буквами. "
        "Пожалуйста, проверьте начало и конец имени.",
    },
    # --- Dates -----------------------------------------------------------------------
    "date.empty": {
        "de": "Bitte geben Sie ein Datum ein.",
        "en": "Please enter a date.",
        "tr": "Lütfen bir tarih girin.",
        "ar": "يرجى إدخال تاريخ.",
        "uk": "Будь ласка, введіть дату.",
        "ru": "Пожалуйста, введите дату.",
    },
    "date.format": {
        "de": "Bitte geben Sie das Datum als TT.MM.JJJJ ein, z. B. 31.12.2020.",
        "en": "Please enter the date as DD.MM.YYYY, e.g. 31.12.2020.",
        "tr": "Lütfen tarihi GG.AA.YYYY biçiminde girin, örneğin 31.12.2020.",
        "ar": "يرجى إدخال التاريخ بالشكل يوم.شهر.سنة، مثل 31.12.2020.",
        "uk": "Будь ласка, введіть дату у форматі ДД.ММ.РРРР, наприклад 31.12.2020.",
        "ru": "Пожалуйста, введите дату в формате ДД.ММ.ГГГГ, например 31.12.2020.",
    },
    "date.invalid": {
        "de": "Dieses Datum gibt es nicht. Bitte prüfen Sie Tag und Monat.",
        "en": "This date does not exist. Please check the day and month.",
        "tr": "Böyle bir tarih yok. Lütfen günü ve ayı kontrol edin.",
        "ar": "هذا التاريخ غير موجود. يرجى التحقق من اليوم والشهر.",
        "uk": "Такої дати не існує. Будь ласка, перевірте день і місяць.",
        "ru": "Такой даты не существует. Пожалуйста, проверьте день и месяц.",
    },
    "date.future": {
        "de": "Das Datum liegt in der Zukunft. Bitte prüfen Sie die Eingabe.",
        "en": "The date is in the future. Please check your entry.",
        "tr": "Tarih gelecekte. Lütfen girişinizi kontrol edin.",
        "ar": "التاريخ في المستقبل. يرجى التحقق من الإدخال.",
        "uk": "Дата в майбутньому. Будь ласка, перевірте введене.",
        "ru": "Дата находится в будущем. Пожалуйста, проверьте ввод.",
    },
    "date.before_1900": {
        "de": "Das Datum liegt vor 1900. Bitte prüfen Sie das Jahr.",
        "en": "The date is before 1900. Please check the year.",
        "tr": "Tarih 1900'den önce. Lütfen yılı kontrol edin.",
        "ar": "التاريخ قبل عام 1900. يرجى التحقق من السنة.",
        "uk": "Дата раніше 1900 року. Будь ласка, перевірте рік.",
        "ru": "Дата раньше 1900 года. Пожалуйста, проверьте год.",
    },
    "date.child_not_younger": {
        "de": "Das Kind muss nach dem Elternteil geboren sein. "
        "Bitte prüfen Sie beide Geburtsdaten.",
        "en": "The child must be born after the parent. Please check both dates of birth.",
        "tr": "Çocuk, ebeveynden sonra doğmuş olmalıdır. Lütfen iki doğum tarihini de "
        "kontrol edin.",
        "ar": "يجب أن يكون الطفل مولودًا بعد الوالد. يرجى التحقق من تاريخي الميلاد.",
        "uk": "Дитина має бути народжена після батька чи матері. "
        "Будь ласка, перевірте обидві дати народження.",
        "ru": "Ребёнок должен быть рождён позже родителя. Пожалуйста, проверьте обе даты рождения.",
    },
    "date.age_limit": {
        "de": "Für diese Leistung ist die Person zu alt. Bitte prüfen Sie das Geburtsdatum.",
        "en": "The person is too old for this benefit. Please check the date of birth.",
        "tr": "Kişi bu yardım için yaş sınırını aşıyor. Lütfen doğum tarihini kontrol edin.",
        "ar": "الشخص تجاوز السن المسموح بها لهذه الإعانة. يرجى التحقق من تاريخ الميلاد.",
        "uk": "Особа занадто доросла для цієї допомоги. Будь ласка, перевірте дату народження.",
        "ru": "Человек слишком взрослый для этого пособия. Пожалуйста, проверьте дату рождения.",
    },
    "date.too_far_back": {
        "de": "Das Datum liegt zu weit zurück. Bitte prüfen Sie die Eingabe.",
        "en": "The date is too far in the past. Please check your entry.",
        "tr": "Tarih çok geçmişte kalıyor. Lütfen girişinizi kontrol edin.",
        "ar": "التاريخ بعيد جدًا في الماضي. يرجى التحقق من الإدخال.",
        "uk": "Дата надто давня. Будь ласка, перевірте введене.",
        "ru": "Дата слишком далеко в прошлом. Пожалуйста, проверьте ввод.",
    },
    # --- Money and numbers -----------------------------------------------------------
    "money.empty": {
        "de": "Bitte geben Sie einen Betrag ein (0 ist möglich).",
        "en": "Please enter an amount (0 is allowed).",
        "tr": "Lütfen bir tutar girin (0 da olabilir).",
        "ar": "يرجى إدخال مبلغ (يمكن إدخال 0).",
        "uk": "Будь ласка, введіть суму (можна 0).",
        "ru": "Пожалуйста, введите сумму (можно 0).",
    },
    "money.format": {
        "de": "Bitte geben Sie den Betrag in Euro ein, z. B. 1234,56.",
        "en": "Please enter the amount in euros, e.g. 1234.56.",
        "tr": "Lütfen tutarı euro olarak girin, örneğin 1234,56.",
        "ar": "يرجى إدخال المبلغ باليورو، مثل 1234,56.",
        "uk": "Будь ласка, введіть суму в євро, наприклад 1234,56.",
        "ru": "Пожалуйста, введите сумму в евро, например 1234,56.",
    },
    "money.negative": {
        "de": "Der Betrag darf nicht negativ sein. Bitte geben Sie ihn ohne Minuszeichen ein.",
        "en": "The amount cannot be negative. Please enter it without a minus sign.",
        "tr": "Tutar negatif olamaz. Lütfen eksi işareti olmadan girin.",
        "ar": "لا يمكن أن يكون المبلغ سالبًا. يرجى إدخاله بدون علامة الطرح.",
        "uk": "Сума не може бути від'ємною. Будь ласка, введіть її без знака мінус.",
        "ru": "Сумма не может быть отрицательной. Пожалуйста, введите её без знака минус.",
    },
    "money.too_large": {
        "de": "Der Betrag ist zu hoch (höchstens 1.000.000 €). Bitte prüfen Sie die Eingabe.",
        "en": "The amount is too high (at most €1,000,000). Please check your entry.",
        "tr": "Tutar çok yüksek (en fazla 1.000.000 €). Lütfen girişinizi kontrol edin.",
        "ar": "المبلغ مرتفع جدًا (1.000.000 يورو كحد أقصى). يرجى التحقق من الإدخال.",
        "uk": "Сума завелика (не більше 1 000 000 €). Будь ласка, перевірте введене.",
        "ru": "Сумма слишком велика (не более 1 000 000 €). Пожалуйста, проверьте ввод.",
    },
    "integer.empty": {
        "de": "Bitte geben Sie eine Zahl ein.",
        "en": "Please enter a number.",
        "tr": "Lütfen bir sayı girin.",
        "ar": "يرجى إدخال رقم.",
        "uk": "Будь ласка, введіть число.",
        "ru": "Пожалуйста, введите число.",
    },
    "integer.format": {
        "de": "Bitte geben Sie eine ganze Zahl ohne Komma ein, z. B. 3.",
        "en": "Please enter a whole number without decimals, e.g. 3.",
        "tr": "Lütfen virgülsüz bir tam sayı girin, örneğin 3.",
        "ar": "يرجى إدخال عدد صحيح بدون فاصلة، مثل 3.",
        "uk": "Будь ласка, введіть ціле число без коми, наприклад 3.",
        "ru": "Пожалуйста, введите целое число без запятой, например 3.",
    },
    "integer.too_small": {
        "de": "Die Zahl ist zu klein. Bitte prüfen Sie die Eingabe.",
        "en": "The number is too small. Please check your entry.",
        "tr": "Sayı çok küçük. Lütfen girişinizi kontrol edin.",
        "ar": "الرقم صغير جدًا. يرجى التحقق من الإدخال.",
        "uk": "Число замале. Будь ласка, перевірте введене.",
        "ru": "Число слишком маленькое. Пожалуйста, проверьте ввод.",
    },
    "integer.too_large": {
        "de": "Die Zahl ist zu groß. Bitte prüfen Sie die Eingabe.",
        "en": "The number is too large. Please check your entry.",
        "tr": "Sayı çok büyük. Lütfen girişinizi kontrol edin.",
        "ar": "الرقم كبير جدًا. يرجى التحقق من الإدخال.",
        "uk": "Число завелике. Будь ласка, перевірте введене.",
        "ru": "Число слишком большое. Пожалуйста, проверьте ввод.",
    },
    "decimal.empty": {
        "de": "Bitte geben Sie eine Zahl ein.",
        "en": "Please enter a number.",
        "tr": "Lütfen bir sayı girin.",
        "ar": "يرجى إدخال رقم.",
        "uk": "Будь ласка, введіть число.",
        "ru": "Пожалуйста, введите число.",
    },
    "decimal.format": {
        "de": "Bitte geben Sie eine Zahl ein, z. B. 72,5.",
        "en": "Please enter a number, e.g. 72.5.",
        "tr": "Lütfen bir sayı girin, örneğin 72,5.",
        "ar": "يرجى إدخال رقم، مثل 72,5.",
        "uk": "Будь ласка, введіть число, наприклад 72,5.",
        "ru": "Пожалуйста, введите число, например 72,5.",
    },
    "decimal.too_small": {
        "de": "Die Zahl ist zu klein. Bitte prüfen Sie die Eingabe.",
        "en": "The number is too small. Please check your entry.",
        "tr": "Sayı çok küçük. Lütfen girişinizi kontrol edin.",
        "ar": "الرقم صغير جدًا. يرجى التحقق من الإدخال.",
        "uk": "Число замале. Будь ласка, перевірте введене.",
        "ru": "Число слишком маленькое. Пожалуйста, проверьте ввод.",
    },
    "decimal.too_large": {
        "de": "Die Zahl ist zu groß. Bitte prüfen Sie die Eingabe.",
        "en": "The number is too large. Please check your entry.",
        "tr": "Sayı çok büyük. Lütfen girişinizi kontrol edin.",
        "ar": "الرقم كبير جدًا. يرجى التحقق من الإدخال.",
        "uk": "Число завелике. Будь ласка, перевірте введене.",
        "ru": "Число слишком большое. Пожалуйста, проверьте ввод.",
    },
    # --- Contact, country, configuration ---------------------------------------------
    "email.empty": {
        "de": "Bitte geben Sie eine E-Mail-Adresse ein.",
        "en": "Please enter an e-mail address.",
        "tr": "Lütfen bir e-posta adresi girin.",
        "ar": "يرجى إدخال عنوان بريد إلكتروني.",
        "uk": "Будь ласка, введіть адресу електронної пошти.",
        "ru": "Пожалуйста, введите адрес электронной почты.",
    },
    "email.format": {
        "de": "Die E-Mail-Adresse ist unvollständig, z. B. name@beispiel.de. "
        "Bitte prüfen Sie die Eingabe.",
        "en": "The e-mail address is incomplete, e.g. name@example.com. Please check your entry.",
        "tr": "E-posta adresi eksik, örneğin ad@ornek.de. Lütfen girişinizi kontrol edin.",
        "ar": "عنوان البريد الإلكتروني غير مكتمل، مثل name@example.de. يرجى التحقق من الإدخال.",
        "uk": "Адреса електронної пошти неповна, наприклад name@example.de. "
        "Будь ласка, перевірте введене.",
        "ru": "Адрес электронной почты неполный, например name@example.de. "
        "Пожалуйста, проверьте ввод.",
    },
    "phone.empty": {
        "de": "Bitte geben Sie eine Telefonnummer ein.",
        "en": "Please enter a phone number.",
        "tr": "Lütfen bir telefon numarası girin.",
        "ar": "يرجى إدخال رقم هاتف.",
        "uk": "Будь ласка, введіть номер телефону.",
        "ru": "Пожалуйста, введите номер телефона.",
    },
    "phone.characters": {
        "de": "Eine Telefonnummer enthält nur Ziffern, Leerzeichen, /, -, Klammern und ein "
        "+ am Anfang. Bitte prüfen Sie die Eingabe.",
        "en": "A phone number contains only digits, spaces, /, -, brackets and a + at the "
        "start. Please check your entry.",
        "tr": "Telefon numarası yalnızca rakam, boşluk, /, -, parantez ve başta bir + "
        "içerir. Lütfen girişinizi kontrol edin.",
        "ar": "يحتوي رقم الهاتف على أرقام ومسافات و/ و- وأقواس و+ في البداية فقط. "
        "يرجى التحقق من الإدخال.",
        "uk": "Номер телефону містить лише цифри, пробіли, /, -, дужки та + на початку. "
        "Будь ласка, перевірте введене.",
        "ru": "Номер телефона содержит только цифры, пробелы, /, -, скобки и + в начале. "
        "Пожалуйста, проверьте ввод.",
    },
    "phone.length": {
        "de": "Eine Telefonnummer hat 6 bis 20 Ziffern. Bitte prüfen Sie die Eingabe.",
        "en": "A phone number has 6 to 20 digits. Please check your entry.",
        "tr": "Telefon numarası 6 ile 20 arasında rakamdan oluşur. Lütfen girişinizi kontrol edin.",
        "ar": "يتكون رقم الهاتف من 6 إلى 20 رقمًا. يرجى التحقق من الإدخال.",
        "uk": "Номер телефону має від 6 до 20 цифр. Будь ласка, перевірте введене.",
        "ru": "Номер телефона содержит от 6 до 20 цифр. Пожалуйста, проверьте ввод.",
    },
    "country.empty": {
        "de": "Bitte wählen Sie ein Land.",
        "en": "Please choose a country.",
        "tr": "Lütfen bir ülke seçin.",
        "ar": "يرجى اختيار دولة.",
        "uk": "Будь ласка, виберіть країну.",
        "ru": "Пожалуйста, выберите страну.",
    },
    "country.unknown": {
        "de": "Dieses Land ist nicht bekannt. Bitte wählen Sie das Land aus der Liste.",
        "en": "This country is not known. Please choose the country from the list.",
        "tr": "Bu ülke bilinmiyor. Lütfen ülkeyi listeden seçin.",
        "ar": "هذه الدولة غير معروفة. يرجى اختيار الدولة من القائمة.",
        "uk": "Ця країна невідома. Будь ласка, виберіть країну зі списку.",
        "ru": "Эта страна неизвестна. Пожалуйста, выберите страну из списка.",
    },
    "leika.empty": {
        "de": "Der LeiKa-Schlüssel fehlt. Bitte ergänzen Sie die Konfiguration.",
        "en": "The LeiKa service key is missing. Please complete the configuration.",
        "tr": "LeiKa hizmet anahtarı eksik. Lütfen yapılandırmayı tamamlayın.",
        "ar": "مفتاح الخدمة LeiKa مفقود. يرجى استكمال الإعدادات.",
        "uk": "Ключ послуги LeiKa відсутній. Будь ласка, доповніть конфігурацію.",
        "ru": "Ключ услуги LeiKa отсутствует. Пожалуйста, дополните конфигурацию.",
    },
    "leika.format": {
        "de": "Der LeiKa-Schlüssel hat 14 Ziffern und beginnt mit 99. "
        "Bitte prüfen Sie die Konfiguration.",
        "en": "The LeiKa service key has 14 digits and starts with 99. "
        "Please check the configuration.",
        "tr": "LeiKa hizmet anahtarı 14 rakamdan oluşur ve 99 ile başlar. "
        "Lütfen yapılandırmayı kontrol edin.",
        "ar": "يتكون مفتاح الخدمة LeiKa من 14 رقمًا ويبدأ بـ 99. يرجى التحقق من الإعدادات.",
        "uk": "Ключ послуги LeiKa має 14 цифр і починається з 99. "
        "Будь ласка, перевірте конфігурацію.",
        "ru": "Ключ услуги LeiKa состоит из 14 цифр и начинается с 99. "
        "Пожалуйста, проверьте конфигурацию.",
    },
}

#: Texts that name the limit, used when the caller passes every placeholder's value.
DETAILED: dict[str, dict[str, str]] = {
    "date.age_limit": {
        "de": "Diese Leistung gibt es nur für Personen unter {years} Jahren. "
        "Bitte prüfen Sie das Geburtsdatum.",
        "en": "This benefit is only for people under {years}. Please check the date of birth.",
        "tr": "Bu yardım yalnızca {years} yaşından küçükler içindir. "
        "Lütfen doğum tarihini kontrol edin.",
        "ar": "هذه الإعانة مخصصة فقط لمن هم دون {years} عامًا. يرجى التحقق من تاريخ الميلاد.",
        "uk": "Ця допомога призначена лише для осіб, молодших за {years} років. "
        "Будь ласка, перевірте дату народження.",
        "ru": "Это пособие предназначено только для лиц младше {years} лет. "
        "Пожалуйста, проверьте дату рождения.",
    },
    "date.too_far_back": {
        "de": "Das Datum darf höchstens {months} Monate zurückliegen. "
        "Bitte prüfen Sie die Eingabe.",
        "en": "The date may be at most {months} months in the past. Please check your entry.",
        "tr": "Tarih en fazla {months} ay öncesine ait olabilir. Lütfen girişinizi kontrol edin.",
        "ar": "يجب ألا يتجاوز التاريخ {months} أشهر في الماضي. يرجى التحقق من الإدخال.",
        "uk": "Дата може бути не давнішою ніж {months} місяці тому. Будь ласка, перевірте введене.",
        "ru": "Дата может быть не раньше, чем {months} месяца назад. Пожалуйста, проверьте ввод.",
    },
    "integer.too_small": {
        "de": "Die Zahl muss mindestens {min} sein.",
        "en": "The number must be at least {min}.",
        "tr": "Sayı en az {min} olmalıdır.",
        "ar": "يجب ألا يقل الرقم عن {min}.",
        "uk": "Число має бути не менше {min}.",
        "ru": "Число должно быть не меньше {min}.",
    },
    "integer.too_large": {
        "de": "Die Zahl darf höchstens {max} sein.",
        "en": "The number may be at most {max}.",
        "tr": "Sayı en fazla {max} olabilir.",
        "ar": "يجب ألا يزيد الرقم عن {max}.",
        "uk": "Число має бути не більше {max}.",
        "ru": "Число должно быть не больше {max}.",
    },
    "decimal.too_small": {
        "de": "Die Zahl muss mindestens {min} sein.",
        "en": "The number must be at least {min}.",
        "tr": "Sayı en az {min} olmalıdır.",
        "ar": "يجب ألا يقل الرقم عن {min}.",
        "uk": "Число має бути не менше {min}.",
        "ru": "Число должно быть не меньше {min}.",
    },
    "decimal.too_large": {
        "de": "Die Zahl darf höchstens {max} sein.",
        "en": "The number may be at most {max}.",
        "tr": "Sayı en fazla {max} olabilir.",
        "ar": "يجب ألا يزيد الرقم عن {max}.",
        "uk": "Число має бути не більше {max}.",
        "ru": "Число должно быть не больше {max}.",
    },
}
