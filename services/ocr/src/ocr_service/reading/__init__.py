"""Reading a photo: decoding, preprocessing, Tesseract and lines by layout."""
