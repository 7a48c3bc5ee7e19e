"""calendar feeds: each person's secret calendar address, stored as the hash of its token

Revision ID: e5f1b7c9a3d4
Revises: d3e8a1c5f7b2
Create Date: 2026-12-02 14:20:00

"""
from alembic import op
import sqlalchemy as sa
import akn_intranet.database


revision = 'e5f1b7c9a3d4'
down_revision = 'd3e8a1c5f7b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash'))
    )
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feeds_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feeds_user_id'))
    op.drop_table('calendar_feeds')
