"""create tables

Revision ID: f29775f467ae
Revises:
Create Date: 2026-12-02 03:55:49+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "f29775f467ae"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_inbox",
        sa.Column("handler", sa.String(length=200), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column(
            "processed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("handler", "event_id", name=op.f("pk_event_inbox")),
        schema="projects",
    )
    op.create_table(
        "event_outbox",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column("envelope", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_event_outbox")),
        sa.UniqueConstraint("id", name=op.f("uq_event_outbox_id")),
        schema="projects",
    )
    op.create_index(
        "ix_event_outbox_unsent",
        "event_outbox",
        ["seq"],
        unique=False,
        schema="projects",
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.create_table(
        "item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item")),
        schema="projects",
    )
    op.create_index("ix_item_user_created_at", "item", ["user_id", "created_at"], schema="projects")


def downgrade() -> None:
    op.drop_index("ix_item_user_created_at", table_name="item", schema="projects")
    op.drop_table("item", schema="projects")
    op.drop_index(
        "ix_event_outbox_unsent",
        table_name="event_outbox",
        schema="projects",
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.drop_table("event_outbox", schema="projects")
    op.drop_table("event_inbox", schema="projects")
