"""published results (publications/): one row per public forum or project result

Revision ID: b8d4f0c2e6a3
Revises: a7c3e9b1d5f2
Create Date: 2026-12-03 06:40:00

"""
from alembic import op
import sqlalchemy as sa

import akn_intranet.database  # the UTCDateTime column type


revision = 'b8d4f0c2e6a3'
down_revision = 'a7c3e9b1d5f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('published_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_publications_activity_id_activities')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_publications_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
    sa.UniqueConstraint('activity_id', name=op.f('uq_publications_activity_id'))
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publications_published_at'), ['published_at'], unique=False)


def downgrade():
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publications_published_at'))
    op.drop_table('publications')
