"""attendance: the contacts' replies to a forum's invitation and their personal links

Revision ID: f2a6c8e0b4d1
Revises: e5f1b7c9a3d4
Create Date: 2026-12-02 14:40:00

"""
from alembic import op
import sqlalchemy as sa
import akn_intranet.database


revision = 'f2a6c8e0b4d1'
down_revision = 'e5f1b7c9a3d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attendance_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('created_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_attendance_links_activity_id_activities')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attendance_links_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_attendance_links_token_hash'))
    )
    with op.batch_alter_table('attendance_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_links_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_links_user_id'), ['user_id'], unique=False)
    op.create_table('attendance_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.String(length=20), nullable=False),
    sa.Column('deputy', sa.String(length=200), nullable=False),
    sa.Column('answered_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_attendance_replies_activity_id_activities')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attendance_replies_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_replies')),
    sa.UniqueConstraint('activity_id', 'user_id', name=op.f('uq_attendance_replies_activity_id'))
    )
    with op.batch_alter_table('attendance_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_replies_activity_id'), ['activity_id'], unique=False)


def downgrade():
    with op.batch_alter_table('attendance_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_replies_activity_id'))
    op.drop_table('attendance_replies')
    with op.batch_alter_table('attendance_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_links_user_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_links_activity_id'))
    op.drop_table('attendance_links')
