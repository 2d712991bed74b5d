{
  "format": "fvo-kiosk-config-signature/1",
  "signatures": [
    {
      "keyid": "1ed22a8d19e06b3f17c989b222f430892ff25616f4ee53b43d0ae853a19021c1",
      "sig": "bB3aCWoQayzp4xGEn/wnt0RzMC82CJf24vaRa1r+aML7RClfUz95pJAPmppnSNytK23IJBpOeehC+hTCpxezCQ=="
    }
  ]
}
