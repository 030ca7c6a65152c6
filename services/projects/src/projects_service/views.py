"""HTTP routes of the projects service: parse, call service.py, commit, shape the answer."""

import uuid

from fastapi import APIRouter, Response, status

from cadence_shared.deps import CurrentPrincipal, PageDep, SessionDep
from cadence_shared.pagination import Page
from projects_service import service
from projects_service.schemas import ItemCreate, ItemPublic

router = APIRouter(prefix="/api/v1/projects", tags=["projects"])


@router.post("/items", status_code=status.HTTP_201_CREATED)
async def create_item(
    data: ItemCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> ItemPublic:
    item = await service.create_item(session, user_id=principal.user_id, data=data)
    await session.commit()
    response.headers["Location"] = f"{router.prefix}/items/{item.id}"
    return ItemPublic.model_validate(item)


@router.get("/items")
async def list_items(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[ItemPublic]:
    items, total = await service.list_items(session, user_id=principal.user_id, page=page)
    return Page(
        items=[ItemPublic.model_validate(item) for item in items],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/items/{item_id}")
async def get_item(
    item_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> ItemPublic:
    item = await service.get_item(session, user_id=principal.user_id, item_id=item_id)
    return ItemPublic.model_validate(item)


@router.delete("/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_item(
    item_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    await service.delete_item(session, user_id=principal.user_id, item_id=item_id)
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
