"""The ocr service's errors: each code is listed at the gateway's /problems page."""

from cadence_shared.errors import InvalidInput, NotFound, TooLarge, UnsupportedType


class ItemNotFound(NotFound):
    code = "ocr_item_not_found"
    title = "Item not found"
    description = "No item with this id belongs to the caller."


class ImageEmpty(InvalidInput):
    code = "ocr_image_empty"
    title = "Empty image"
    description = "The file is empty (0 bytes): there is no image to read."


class NotAnImage(UnsupportedType):
    code = "ocr_not_an_image"
    title = "Not an image"
    description = "The file is not an image this service can read (PNG, JPEG, WebP, TIFF, BMP)."


class ImageTruncated(InvalidInput):
    code = "ocr_image_truncated"
    title = "Truncated or corrupt image"
    description = "The image file is cut short or corrupt, so it cannot be decoded."


class ImageTooLarge(TooLarge):
    code = "ocr_image_too_large"
    title = "Image too large"
    description = (
        "The image has more pixels than this service decodes (a photo up to 50 megapixels)."
    )


class NoTextFound(InvalidInput):
    code = "ocr_no_text_found"
    title = "No text found"
    description = "No readable text was found in the image: take the photo closer, flat and lit."


class LanguageUnavailable(InvalidInput):
    code = "ocr_language_unavailable"
    title = "Language not available"
    description = "The OCR language asked for is not installed on this service."
