from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AppleSignInRequest")


@_attrs_define
class AppleSignInRequest:
    """
    Attributes:
        identity_token (str):
        authorization_code (None | str | Unset): Lets us revoke the user's Apple token when they delete us.
        nonce (None | str | Unset): The raw nonce; the app gave Apple its SHA-256 (hex).
        name (None | str | Unset):
    """

    identity_token: str
    authorization_code: None | str | Unset = UNSET
    nonce: None | str | Unset = UNSET
    name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        identity_token = self.identity_token

        authorization_code: None | str | Unset
        if isinstance(self.authorization_code, Unset):
            authorization_code = UNSET
        else:
            authorization_code = self.authorization_code

        nonce: None | str | Unset
        if isinstance(self.nonce, Unset):
            nonce = UNSET
        else:
            nonce = self.nonce

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "identity_token": identity_token,
            }
        )
        if authorization_code is not UNSET:
            field_dict["authorization_code"] = authorization_code
        if nonce is not UNSET:
            field_dict["nonce"] = nonce
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        identity_token = d.pop("identity_token")

        def _parse_authorization_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        authorization_code = _parse_authorization_code(d.pop("authorization_code", UNSET))

        def _parse_nonce(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        nonce = _parse_nonce(d.pop("nonce", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        apple_sign_in_request = cls(
            identity_token=identity_token,
            authorization_code=authorization_code,
            nonce=nonce,
            name=name,
        )

        return apple_sign_in_request
