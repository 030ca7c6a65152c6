"""HTTP routes of playlists: parse, call the service, commit, shape the answer."""

import uuid

from fastapi import APIRouter, Response, status

from cadence_shared.deps import CurrentPrincipal, PageDep, ReadConnectionDep, SessionDep
from cadence_shared.openapi import problems
from cadence_shared.pagination import Page
from tracks_service.catalog.schemas import track_public
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
                track=track_public(track, tempo),
            )
            for entry, track, tempo in contents.entries
        ],
    )


@router.post("", summary="Create a playlist", status_code=status.HTTP_201_CREATED)
async def create_playlist(
    data: PlaylistCreate, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    """An empty playlist with this name; answers it with its (empty) track list."""
    contents = await service.create_playlist(session, user_id=principal.user_id, name=data.name)
    await session.commit()
    return _detail(contents)


@router.get("", summary="List the caller's playlists", response_model=Page[PlaylistPublic])
async def list_playlists(
    connection: ReadConnectionDep, principal: CurrentPrincipal, page: PageDep
) -> Response:
    """Each with its track count, without its tracks."""
    return await service.list_playlists(connection, user_id=principal.user_id, page=page)


@router.get("/{playlist_id}", summary="Read a playlist with its tracks")
async def get_playlist(
    playlist_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    """The playlist and its tracks in order (`position` from 0)."""
    contents = await service.get_playlist_contents(
        session, user_id=principal.user_id, playlist_id=playlist_id
    )
    return _detail(contents)


@router.patch("/{playlist_id}", summary="Rename a playlist")
async def rename_playlist(
    playlist_id: uuid.UUID, data: PlaylistRename, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    """Changes the name; the tracks stay."""
    contents = await service.rename_playlist(
        session, user_id=principal.user_id, playlist_id=playlist_id, name=data.name
    )
    await session.commit()
    return _detail(contents)


@router.delete(
    "/{playlist_id}", summary="Delete a playlist", status_code=status.HTTP_204_NO_CONTENT
)
async def delete_playlist(
    playlist_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> None:
    """Removes the playlist; its tracks stay in the catalog."""
    await service.delete_playlist(session, user_id=principal.user_id, playlist_id=playlist_id)
    await session.commit()


@router.post(
    "/{playlist_id}/tracks",
    summary="Add a track to a playlist",
    status_code=status.HTTP_201_CREATED,
    responses=problems(409),
)
async def add_playlist_track(
    playlist_id: uuid.UUID,
    data: PlaylistTrackAdd,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> PlaylistDetail:
    """Inserts a catalog track at `position` (the end when absent), shifting those after it; a
    track already in the playlist is a 409 `track_already_in_playlist`.
    """
    contents = await service.add_to_playlist(
        session,
        user_id=principal.user_id,
        playlist_id=playlist_id,
        track_id=data.track_id,
        position=data.position,
    )
    await session.commit()
    return _detail(contents)


@router.patch("/{playlist_id}/tracks/{track_id}", summary="Move a track within a playlist")
async def move_playlist_track(
    playlist_id: uuid.UUID,
    track_id: uuid.UUID,
    data: PlaylistTrackMove,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> PlaylistDetail:
    """Moves the track to `position`, shifting the others; answers the playlist in its new order."""
    contents = await service.move_in_playlist(
        session,
        user_id=principal.user_id,
        playlist_id=playlist_id,
        track_id=track_id,
        position=data.position,
    )
    await session.commit()
    return _detail(contents)


@router.delete("/{playlist_id}/tracks/{track_id}", summary="Remove a track from a playlist")
async def remove_playlist_track(
    playlist_id: uuid.UUID, track_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    """Takes the track out and closes the gap; answers the playlist as it is now."""
    contents = await service.remove_from_playlist(
        session, user_id=principal.user_id, playlist_id=playlist_id, track_id=track_id
    )
    await session.commit()
    return _detail(contents)
