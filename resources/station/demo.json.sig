{
  "format": "fvo-kiosk-config-signature/1",
  "signatures": [
    {
      "keyid": "1ed22a8d19e06b3f17c989b222f430892ff25616f4ee53b43d0ae853a19021c1",
      "sig": "Kin5kwrj8Sr1X26A2U/B7j8lCoJeIQStJLhsIbUHqa1Bzg8I7PgxoMivgLfbVH5N+rgJsIJeofOrR8m65dSWAw=="
    }
  ]
}
