"""attachments: files of a forum, an agenda item, a project or its document, and each version's frozen set

Revision ID: a7c3e9f1b5d2
Revises: f2a6c8e0b4d1
Create Date: 2026-12-02 16:29:54.138414

"""
from alembic import op
import sqlalchemy as sa

import akn_intranet.database  # the UTCDateTime column type



revision = 'a7c3e9f1b5d2'
down_revision = 'f2a6c8e0b4d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('on_document', sa.Boolean(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('type_label', sa.String(length=60), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('removed_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_attachments_activity_id_activities')),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_attachments_section_id_sections'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_attachments_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_sha256'), ['sha256'], unique=False)

    op.create_table('version_attachments',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_version_attachments_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['version_id'], ['minutes_versions.id'], name=op.f('fk_version_attachments_version_id_minutes_versions')),
    sa.PrimaryKeyConstraint('version_id', 'attachment_id', name=op.f('pk_version_attachments'))
    )


def downgrade():
    op.drop_table('version_attachments')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachments_activity_id'))

    op.drop_table('attachments')
