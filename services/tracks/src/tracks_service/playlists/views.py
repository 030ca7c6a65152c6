"""HTTP routes of playlists: parse, call the service, commit, shape the answer."""

import uuid

from fastapi import APIRouter, status

from cadence_shared.deps import CurrentPrincipal, PageDep, SessionDep
from cadence_shared.pagination import Page
from tracks_service.catalog.schemas import TrackPublic
from tracks_service.playlists import service
from tracks_service.playlists.schemas import (
    PlaylistCreate,
    PlaylistDetail,
    PlaylistEntry,
    PlaylistPublic,
    PlaylistRename,
    PlaylistTrackAdd,
    PlaylistTrackMove,
)

router = APIRouter(prefix="/api/v1/playlists", tags=["playlists"])


def _detail(contents: service.PlaylistContents) -> PlaylistDetail:
    playlist = contents.playlist
    return PlaylistDetail(
        id=playlist.id,
        name=playlist.name,
        track_count=len(contents.entries),
        created_at=playlist.created_at,
        updated_at=playlist.updated_at,
        tracks=[
            PlaylistEntry(
                position=entry.position,
                added_at=entry.added_at,
                track=TrackPublic.model_validate(track),
            )
            for entry, track in contents.entries
        ],
    )


def _public(row: service.PlaylistWithCount) -> PlaylistPublic:
    return PlaylistPublic(
        id=row.playlist.id,
        name=row.playlist.name,
        track_count=row.track_count,
        created_at=row.playlist.created_at,
        updated_at=row.playlist.updated_at,
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_playlist(
    data: PlaylistCreate, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    contents = await service.create_playlist(session, user_id=principal.user_id, name=data.name)
    await session.commit()
    return _detail(contents)


@router.get("")
async def list_playlists(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[PlaylistPublic]:
    found = await service.list_playlists(session, user_id=principal.user_id, page=page)
    return found.to_page(_public)


@router.get("/{playlist_id}")
async def get_playlist(
    playlist_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    contents = await service.get_playlist_contents(
        session, user_id=principal.user_id, playlist_id=playlist_id
    )
    return _detail(contents)


@router.patch("/{playlist_id}")
async def rename_playlist(
    playlist_id: uuid.UUID, data: PlaylistRename, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    contents = await service.rename_playlist(
        session, user_id=principal.user_id, playlist_id=playlist_id, name=data.name
    )
    await session.commit()
    return _detail(contents)


@router.delete("/{playlist_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_playlist(
    playlist_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> None:
    await service.delete_playlist(session, user_id=principal.user_id, playlist_id=playlist_id)
    await session.commit()


@router.post("/{playlist_id}/tracks", status_code=status.HTTP_201_CREATED)
async def add_playlist_track(
    playlist_id: uuid.UUID,
    data: PlaylistTrackAdd,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> PlaylistDetail:
    contents = await service.add_to_playlist(
        session,
        user_id=principal.user_id,
        playlist_id=playlist_id,
        track_id=data.track_id,
        position=data.position,
    )
    await session.commit()
    return _detail(contents)


@router.patch("/{playlist_id}/tracks/{track_id}")
async def move_playlist_track(
    playlist_id: uuid.UUID,
    track_id: uuid.UUID,
    data: PlaylistTrackMove,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> PlaylistDetail:
    contents = await service.move_in_playlist(
        session,
        user_id=principal.user_id,
        playlist_id=playlist_id,
        track_id=track_id,
        position=data.position,
    )
    await session.commit()
    return _detail(contents)


@router.delete("/{playlist_id}/tracks/{track_id}")
async def remove_playlist_track(
    playlist_id: uuid.UUID, track_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    contents = await service.remove_from_playlist(
        session, user_id=principal.user_id, playlist_id=playlist_id, track_id=track_id
    )
    await session.commit()
    return _detail(contents)
