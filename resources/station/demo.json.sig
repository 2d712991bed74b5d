{
  "format": "fvo-kiosk-config-signature/1",
  "signatures": [
    {
      "keyid": "1ed22a8d19e06b3f17c989b222f430892ff25616f4ee53b43d0ae853a19021c1",
      "sig": "3Wj7FpfMWr31bdpjMJO5GvLIbZuq6Ua9MY14fWndZcoUTqCn7ldKdAogYYZzteRZFjAy+Y7UE2zruaDO9e8/Cw=="
    }
  ]
}
