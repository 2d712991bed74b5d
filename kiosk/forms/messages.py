"""Texts for the message keys the form engine adds to those of kiosk.validation."""

from __future__ import annotations

from kiosk.validation import message as validation_message

_TEXTS: dict[str, dict[str, str]] = {
    "form.choice": {
        "de": "Bitte einen der angebotenen Werte wählen.",
        "en": "Please choose one of the values offered.",
        "tr": "Lütfen sunulan değerlerden birini seçin.",
        "ar": "يرجى اختيار إحدى القيم المعروضة.",
        "uk": "Будь ласка, виберіть одне із запропонованих значень.",
        "ru": "Пожалуйста, выберите одно из предложенных значений.",
    },
    "form.boolean": {
        "de": "Bitte Ja oder Nein angeben.",
        "en": "Please answer yes or no.",
        "tr": "Lütfen evet veya hayır olarak cevaplayın.",
        "ar": "يرجى الإجابة بنعم أو لا.",
        "uk": "Будь ласка, дайте відповідь «так» або «ні».",
        "ru": "Пожалуйста, ответьте «да» или «нет».",
    },
    "form.type": {
        "de": "Dieser Wert passt nicht zu dem Feld.",
        "en": "This value does not fit the field.",
        "tr": "Bu değer alana uymuyor.",
        "ar": "هذه القيمة لا تناسب الحقل.",
        "uk": "Це значення не підходить для поля.",
        "ru": "Это значение не подходит для поля.",
    },
    "form.month": {
        "de": "Bitte den Monat als JJJJ-MM angeben, z. B. 2026-03.",
        "en": "Please give the month as YYYY-MM, e.g. 2026-03.",
        "tr": "Lütfen ayı YYYY-AA olarak girin, örn. 2026-03.",
        "ar": "يرجى إدخال الشهر بالشكل YYYY-MM، مثلاً 2026-03.",
        "uk": "Будь ласка, вкажіть місяць у форматі РРРР-ММ, напр. 2026-03.",
        "ru": "Пожалуйста, укажите месяц в формате ГГГГ-ММ, напр. 2026-03.",
    },
    "form.too_long": {
        "de": "Der Text ist zu lang.",
        "en": "The text is too long.",
        "tr": "Metin çok uzun.",
        "ar": "النص طويل جداً.",
        "uk": "Текст задовгий.",
        "ru": "Текст слишком длинный.",
    },
    "form.control_chars": {
        "de": "Der Text enthält unzulässige Steuerzeichen.",
        "en": "The text contains control characters that are not allowed.",
        "tr": "Metin izin verilmeyen kontrol karakterleri içeriyor.",
        "ar": "يحتوي النص على أحرف تحكم غير مسموح بها.",
        "uk": "Текст містить недопустимі керівні символи.",
        "ru": "Текст содержит недопустимые управляющие символы.",
    },
    "form.unknown_field": {
        "de": "Dieses Feld gibt es im Formular nicht.",
        "en": "The form has no such field.",
        "tr": "Formda böyle bir alan yok.",
        "ar": "لا يوجد مثل هذا الحقل في النموذج.",
        "uk": "У формі немає такого поля.",
        "ru": "В форме нет такого поля.",
    },
}

#: Every key the form engine itself can return from ``check_field``.
FORM_KEYS = frozenset(_TEXTS)


def field_message(key: str, lang: str = "de") -> str:
    """The text for a key from ``check_field`` (form keys here, validator keys there)."""
    texts = _TEXTS.get(key)
    if texts is not None:
        return texts.get(lang) or texts["de"]
    return validation_message(key, lang)
