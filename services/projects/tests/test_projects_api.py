"""The example item: create, get, list, delete; another user's item is 404; bad bodies are 422."""

from collections.abc import Callable

import httpx
import pytest

from cadence_shared.testing import TestUser

ITEMS = "/api/v1/projects/items"


async def test_create_get_list_delete(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()

    created = await client.post(ITEMS, json={"name": "  first  "}, headers=user.headers)

    assert created.status_code == 201, created.text
    item = created.json()
    assert item["name"] == "first"
    assert created.headers["location"] == f"{ITEMS}/{item['id']}"
    fetched = await client.get(f"{ITEMS}/{item['id']}", headers=user.headers)
    assert fetched.status_code == 200
    assert fetched.json() == item
    listed = await client.get(ITEMS, headers=user.headers)
    assert listed.json()["total"] == 1
    assert listed.json()["items"] == [item]
    deleted = await client.delete(f"{ITEMS}/{item['id']}", headers=user.headers)
    assert deleted.status_code == 204
    gone = await client.get(f"{ITEMS}/{item['id']}", headers=user.headers)
    assert gone.status_code == 404
    assert gone.json()["code"] == "projects_item_not_found"


async def test_another_users_item_is_404(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    owner, other = make_user(), make_user()
    item = (await client.post(ITEMS, json={"name": "mine"}, headers=owner.headers)).json()

    for response in (
        await client.get(f"{ITEMS}/{item['id']}", headers=other.headers),
        await client.delete(f"{ITEMS}/{item['id']}", headers=other.headers),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "projects_item_not_found"
    assert (await client.get(ITEMS, headers=other.headers)).json()["total"] == 0
    assert (await client.get(f"{ITEMS}/{item['id']}", headers=owner.headers)).status_code == 200


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "x" * 201}, {"name": "a", "extra": 1}])
async def test_a_bad_body_is_422_and_stores_nothing(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], body: dict[str, object]
) -> None:
    user = make_user()

    response = await client.post(ITEMS, json=body, headers=user.headers)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "validation_failed"
    assert (await client.get(ITEMS, headers=user.headers)).json()["total"] == 0


async def test_no_token_is_401(client: httpx.AsyncClient) -> None:
    assert (await client.get(ITEMS)).status_code == 401
