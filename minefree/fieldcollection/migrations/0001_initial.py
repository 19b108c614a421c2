# The models of `interop`'s field collection half (its migrations 0001-0004), moved here with their
# tables: a fresh database gets the tables, one that had `interop` keeps its own (rows and all).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from minefree.core.moved_models import CreateOrAdoptModel, relabel_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('fieldwork', '0005_more_report_kinds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateOrAdoptModel(
            name='XForm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('form_id', models.CharField(max_length=100, verbose_name='form id')),
                ('version', models.CharField(max_length=40, verbose_name='version')),
                ('kind', models.CharField(max_length=20, verbose_name='report kind')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('source', models.TextField(verbose_name='XLSForm')),
                ('source_format', models.CharField(default='md', max_length=5)),
                ('xml', models.TextField(verbose_name='XForm')),
                ('md5', models.CharField(max_length=32)),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'form version',
                'verbose_name_plural': 'form versions',
                'db_table': 'interop_xform',
                'ordering': ['form_id', '-uploaded_at'],
                'constraints': [models.UniqueConstraint(fields=('form_id', 'version'), name='xform_version_unique')],
            },
        ),
        CreateOrAdoptModel(
            name='Submission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('instance_id', models.CharField(max_length=100, unique=True)),
                ('deprecated_id', models.CharField(blank=True, max_length=100)),
                ('content_sha256', models.CharField(blank=True, max_length=64)),
                ('xml', models.TextField()),
                ('received_at', models.DateTimeField(auto_now_add=True)),
                ('form', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='fieldcollection.xform')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='fieldwork.fieldreport')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'interop_submission',
                'ordering': ['-received_at'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('deprecated_id', ''), _negated=True), fields=('deprecated_id',), name='submission_edits_a_version_once')],
            },
        ),
        CreateOrAdoptModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('content_type', models.CharField(max_length=100)),
                ('size', models.PositiveIntegerField()),
                ('file', models.FileField(upload_to='submissions/%Y/%m/')),
                ('submission', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='fieldcollection.submission')),
            ],
            options={
                'db_table': 'interop_attachment',
            },
        ),
        CreateOrAdoptModel(
            name='SubmissionError',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('received_at', models.DateTimeField(auto_now_add=True)),
                ('form_id', models.CharField(blank=True, max_length=100)),
                ('instance_id', models.CharField(blank=True, max_length=100)),
                ('status', models.PositiveSmallIntegerField()),
                ('message', models.TextField()),
                ('device', models.CharField(blank=True, max_length=200, verbose_name='device')),
                ('xml', models.TextField(blank=True)),
                ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'interop_submissionerror',
                'ordering': ['-received_at'],
            },
        ),
        relabel_content_types('interop', 'fieldcollection', ['xform', 'submission', 'attachment', 'submissionerror']),
    ]
