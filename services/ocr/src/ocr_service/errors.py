"""The ocr service's errors: each code is listed at the gateway's /problems page."""

from cadence_shared.errors import InvalidInput, NotFound, RateLimited, TooLarge, UnsupportedType


class JobNotFound(NotFound):
    code = "ocr_job_not_found"
    title = "OCR job not found"
    description = "No OCR job with this id belongs to the caller."


class JobsRateLimited(RateLimited):
    code = "ocr_jobs_rate_limited"
    title = "Too many OCR jobs"
    description = (
        "The caller started the most OCR jobs allowed in the last hour: retry after the "
        "Retry-After header's seconds."
    )


class ImageEmpty(InvalidInput):
    code = "ocr_image_empty"
    title = "Empty image"
    description = "The file is empty (0 bytes): there is no image to read."


class NotAnImage(UnsupportedType):
    code = "ocr_not_an_image"
    title = "Not an image"
    description = "The file is not an image this service can read (PNG, JPEG, WebP, HEIC)."


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
