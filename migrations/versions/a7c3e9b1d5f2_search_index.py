"""the search index (search/): documents, the database's own full-text structure, and the rows of what exists

Revision ID: a7c3e9b1d5f2
Revises: e1f7a3c5b9d2
Create Date: 2026-12-03 06:40:00

"""
from alembic import op
import sqlalchemy as sa

from akn_intranet.search.indexing import reindex
from akn_intranet.search.models import SQLITE_DROP, native_schema


revision = 'a7c3e9b1d5f2'
down_revision = 'e1f7a3c5b9d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('title_terms', sa.Text(), nullable=False),
    sa.Column('body_terms', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_search_documents_activity_id_activities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
    sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_search_documents_kind'))
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_documents_activity_id'), ['activity_id'], unique=False)
    bind = op.get_bind()
    for statement in native_schema(bind.dialect.name):
        op.execute(statement)
    reindex(bind)  # an upgraded installation finds its old minutes at once


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(SQLITE_DROP)
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_documents_activity_id'))
    op.drop_table('search_documents')
