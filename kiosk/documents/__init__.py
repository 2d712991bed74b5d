"""Signed claim documents: the claim PDF (PDF/A-3B with its data inside), the station's
seal, its verification, and the family's handout — rendered in memory from what the caller
hands in; this package imports neither the store nor sending."""
