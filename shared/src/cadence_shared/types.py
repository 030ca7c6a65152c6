"""Field types every service's schemas share.

A string Postgres can store: a ``text``/``varchar`` value cannot hold the NUL character
(``\\x00``), and a body or query parameter carrying one used to reach the database and fail
there as a 500. ``NoNul`` refuses it while the request is parsed (a 422 problem naming the
field, nothing stored). Every free-text field ends with it, after its bounds (pydantic applies
string constraints placed after a validator only in part)::

    Title = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), NoNul]

``Text`` is the unbounded form.
"""

from typing import Annotated

from pydantic import AfterValidator


def refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


NoNul = AfterValidator(refuse_nul)
Text = Annotated[str, NoNul]
