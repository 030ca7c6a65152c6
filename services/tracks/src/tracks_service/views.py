"""HTTP routes of the tracks service: parse, call service.py, commit, shape the answer."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.deps import CurrentPrincipal, PageDep, SessionDep
from cadence_shared.pagination import Page
from tracks_service import service
from tracks_service.models import Playlist
from tracks_service.schemas import (
    PlaylistCreate,
    PlaylistDetail,
    PlaylistEntry,
    PlaylistPublic,
    PlaylistRename,
    PlaylistTrackAdd,
    PlaylistTrackMove,
    TrackList,
    TrackMatch,
    TrackMatches,
    TrackPublic,
    TrackRegister,
    TrackStats,
)

MAX_MATCH_LIMIT = 100

tracks = APIRouter(prefix="/api/v1/tracks", tags=["tracks"])
playlists = APIRouter(prefix="/api/v1/playlists", tags=["playlists"])


# Fixed paths first: /{track_id} would otherwise try to read "match" as a UUID.


@tracks.post("/register")
async def register_tracks(
    data: TrackRegister, session: SessionDep, principal: CurrentPrincipal
) -> TrackList:
    stored = await service.register_tracks(session, data.tracks)
    await session.commit()
    return TrackList(tracks=[TrackPublic.model_validate(track) for track in stored])


@tracks.get("/match")
async def match_tracks(
    session: SessionDep,
    principal: CurrentPrincipal,
    cadence: Annotated[float, Query(gt=0, le=400, description="Steps per minute")],
    tolerance: Annotated[float, Query(ge=0, le=50, description="In BPM, inclusive")] = 4,
    playlist_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_MATCH_LIMIT)] = 20,
) -> TrackMatches:
    matches = await service.match_tracks(
        session,
        cadence=cadence,
        tolerance=tolerance,
        limit=limit,
        user_id=principal.user_id,
        playlist_id=playlist_id,
    )
    return TrackMatches(
        cadence=cadence,
        tolerance=tolerance,
        items=[
            TrackMatch(
                track=TrackPublic.model_validate(match.track),
                factor=match.factor,
                distance=match.distance,
            )
            for match in matches
        ],
    )


@tracks.get("/stats/me")
async def my_track_stats(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[TrackStats]:
    rows, total = await service.user_track_stats(session, user_id=principal.user_id, page=page)
    return Page(
        items=[
            TrackStats(
                track=TrackPublic.model_validate(row.track),
                plays=row.plays,
                seconds_played=row.seconds_played,
                avg_cadence=row.avg_cadence,
                avg_hr=row.avg_hr,
            )
            for row in rows
        ],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@tracks.get("/by-apple-id/{apple_music_id}")
async def get_track_by_apple_id(
    apple_music_id: str, session: SessionDep, principal: CurrentPrincipal
) -> TrackPublic:
    return TrackPublic.model_validate(await service.get_track_by_apple_id(session, apple_music_id))


@tracks.get("")
async def search_tracks(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="In title, artist, album")] = None,
    bpm_min: Annotated[float | None, Query(ge=0)] = None,
    bpm_max: Annotated[float | None, Query(ge=0)] = None,
) -> Page[TrackPublic]:
    found, total = await service.search_tracks(
        session, search=service.TrackSearch(q, bpm_min, bpm_max), page=page
    )
    return Page(
        items=[TrackPublic.model_validate(track) for track in found],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@tracks.get("/{track_id}")
async def get_track(
    track_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> TrackPublic:
    return TrackPublic.model_validate(await service.get_track(session, track_id))


# --- playlists ----------------------------------------------------------------------------------


async def _detail(session: AsyncSession, playlist: Playlist) -> PlaylistDetail:
    entries = await service.playlist_entries(session, playlist.id)
    return PlaylistDetail(
        id=playlist.id,
        name=playlist.name,
        track_count=len(entries),
        created_at=playlist.created_at,
        updated_at=playlist.updated_at,
        tracks=[
            PlaylistEntry(
                position=entry.position,
                added_at=entry.added_at,
                track=TrackPublic.model_validate(track),
            )
            for entry, track in entries
        ],
    )


@playlists.post("", status_code=status.HTTP_201_CREATED)
async def create_playlist(
    data: PlaylistCreate, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    playlist = await service.create_playlist(session, user_id=principal.user_id, name=data.name)
    detail = await _detail(session, playlist)
    await session.commit()
    return detail


@playlists.get("")
async def list_playlists(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[PlaylistPublic]:
    rows, total = await service.list_playlists(session, user_id=principal.user_id, page=page)
    return Page(
        items=[
            PlaylistPublic(
                id=row.playlist.id,
                name=row.playlist.name,
                track_count=row.track_count,
                created_at=row.playlist.created_at,
                updated_at=row.playlist.updated_at,
            )
            for row in rows
        ],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@playlists.get("/{playlist_id}")
async def get_playlist(
    playlist_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    playlist = await service.get_playlist(
        session, user_id=principal.user_id, playlist_id=playlist_id
    )
    return await _detail(session, playlist)


@playlists.patch("/{playlist_id}")
async def rename_playlist(
    playlist_id: uuid.UUID, data: PlaylistRename, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    playlist = await service.rename_playlist(
        session, user_id=principal.user_id, playlist_id=playlist_id, name=data.name
    )
    detail = await _detail(session, playlist)
    await session.commit()
    return detail


@playlists.delete("/{playlist_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_playlist(
    playlist_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    await service.delete_playlist(session, user_id=principal.user_id, playlist_id=playlist_id)
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@playlists.post("/{playlist_id}/tracks", status_code=status.HTTP_201_CREATED)
async def add_playlist_track(
    playlist_id: uuid.UUID,
    data: PlaylistTrackAdd,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> PlaylistDetail:
    playlist = await service.add_to_playlist(
        session,
        user_id=principal.user_id,
        playlist_id=playlist_id,
        track_id=data.track_id,
        position=data.position,
    )
    detail = await _detail(session, playlist)
    await session.commit()
    return detail


@playlists.patch("/{playlist_id}/tracks/{track_id}")
async def move_playlist_track(
    playlist_id: uuid.UUID,
    track_id: uuid.UUID,
    data: PlaylistTrackMove,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> PlaylistDetail:
    playlist = await service.move_in_playlist(
        session,
        user_id=principal.user_id,
        playlist_id=playlist_id,
        track_id=track_id,
        position=data.position,
    )
    detail = await _detail(session, playlist)
    await session.commit()
    return detail


@playlists.delete("/{playlist_id}/tracks/{track_id}")
async def remove_playlist_track(
    playlist_id: uuid.UUID, track_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> PlaylistDetail:
    playlist = await service.remove_from_playlist(
        session, user_id=principal.user_id, playlist_id=playlist_id, track_id=track_id
    )
    detail = await _detail(session, playlist)
    await session.commit()
    return detail
