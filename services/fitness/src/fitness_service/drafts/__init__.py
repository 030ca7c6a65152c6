"""Drafts made from OCR results: confirmed in one call, or discarded."""
