"""calendar entries: a forum's length and the SEQUENCE of each activity's entry, the rules' default
length of a forum, the calendar text of an outbox message

Revision ID: d3e8a1c5f7b2
Revises: c7d1e4a2b9f0
Create Date: 2026-12-02 14:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd3e8a1c5f7b2'
down_revision = 'c7d1e4a2b9f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_entries',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.CheckConstraint('duration_minutes > 0', name=op.f('ck_calendar_entries_calendar_duration_positive')),
    sa.CheckConstraint('sequence >= 0', name=op.f('ck_calendar_entries_calendar_sequence_not_negative')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_calendar_entries_activity_id_activities')),
    sa.PrimaryKeyConstraint('activity_id', name=op.f('pk_calendar_entries'))
    )
    with op.batch_alter_table('rules_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('forum_duration_minutes', sa.Integer(), server_default='180', nullable=False))
        batch_op.create_check_constraint(op.f('ck_rules_versions_forum_duration_positive'), 'forum_duration_minutes > 0')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('calendar')
    with op.batch_alter_table('rules_versions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_rules_versions_forum_duration_positive'), type_='check')
        batch_op.drop_column('forum_duration_minutes')
    op.drop_table('calendar_entries')
