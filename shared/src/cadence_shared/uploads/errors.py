"""What an upload route refuses, as domain errors (the edge maps them to 400/413/415/422).

Besides these, a file over its cap is storage's ``upload_too_large`` (413) and a file whose bytes
are of a type the route does not take is ``unsupported_file_type`` (415).
"""

from cadence_shared import errors


class MultipartRequired(errors.UnsupportedType):
    code = "multipart_required"
    title = "Multipart body required"
    description = "This route takes a multipart/form-data body with a boundary."


class MalformedMultipart(errors.BadRequest):
    code = "malformed_multipart"
    title = "Malformed multipart body"
    description = "The multipart/form-data body could not be parsed; nothing of it was kept."


class UploadIncomplete(errors.BadRequest):
    code = "upload_incomplete"
    title = "Upload incomplete"
    description = (
        "The body ended, or the client went away, before the upload was complete; "
        "nothing of it was kept."
    )


class UploadEmpty(errors.InvalidInput):
    code = "upload_empty"
    title = "Empty file"
    description = "The uploaded file has no bytes; nothing was kept."


class UploadFileMissing(errors.InvalidInput):
    code = "upload_file_missing"
    title = "File missing"
    description = "The multipart body has no part with the file this route takes."

    def __init__(self, field: str) -> None:
        super().__init__(f"the multipart body has no file part named {field!r}", field=field)


class UnexpectedUploadPart(errors.InvalidInput):
    code = "upload_unexpected_part"
    title = "Unexpected part"
    description = (
        "The multipart body has a part this route does not take (a second file, a file under "
        "another name, or too many fields); nothing was kept."
    )

    def __init__(self, detail: str, *, part: str) -> None:
        super().__init__(detail, part=part)


class UploadFormTooLarge(errors.TooLarge):
    code = "upload_form_too_large"
    title = "Form fields too large"
    description = "The form fields beside the file are larger than this route accepts."

    def __init__(self, max_bytes: int) -> None:
        super().__init__(
            f"the form fields are larger than {max_bytes} bytes together", max_bytes=max_bytes
        )
