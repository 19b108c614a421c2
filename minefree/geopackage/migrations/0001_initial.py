# The models of `interop`'s GeoPackage half (its migration 0003), moved here with their tables:
# a fresh database gets the tables, one that had `interop` keeps its own (rows and all).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from minefree.core.moved_models import CreateOrAdoptModel, relabel_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('fieldwork', '0005_more_report_kinds'),
        ('hazards', '0002_ordnance_country'),
        ('organisations', '0004_quality_assurance_capability'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateOrAdoptModel(
            name='GeoPackageExport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('exported_at', models.DateTimeField(auto_now_add=True, verbose_name='exported at')),
                ('hazard_count', models.PositiveIntegerField(default=0, verbose_name='hazardous areas')),
                ('activity_count', models.PositiveIntegerField(default=0, verbose_name='land release activities')),
                ('exported_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'GeoPackage export',
                'verbose_name_plural': 'GeoPackage exports',
                'db_table': 'interop_geopackageexport',
                'ordering': ['-exported_at', '-id'],
            },
        ),
        CreateOrAdoptModel(
            name='GeoPackageImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('imported_at', models.DateTimeField(auto_now_add=True, verbose_name='imported at')),
                ('file_name', models.CharField(max_length=200, verbose_name='file')),
                ('sha256', models.CharField(max_length=64)),
                ('export', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='imports', to='geopackage.geopackageexport')),
                ('imported_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation')),
            ],
            options={
                'verbose_name': 'GeoPackage import',
                'verbose_name_plural': 'GeoPackage imports',
                'db_table': 'interop_geopackageimport',
                'ordering': ['-imported_at', '-id'],
            },
        ),
        CreateOrAdoptModel(
            name='ImportedChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('layer', models.CharField(max_length=40, verbose_name='layer')),
                ('fid', models.PositiveIntegerField(verbose_name='feature id')),
                ('change', models.CharField(choices=[('added', 'Added'), ('changed', 'Changed'), ('deleted', 'Deleted')], max_length=10, verbose_name='change')),
                ('exported_version', models.PositiveIntegerField(blank=True, null=True)),
                ('server_version', models.PositiveIntegerField(blank=True, null=True)),
                ('changed_fields', models.JSONField(default=list)),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
                ('acknowledged_version', models.PositiveIntegerField(blank=True, null=True)),
                ('acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('hazard', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='hazards.hazardarea')),
                ('report', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='geopackage_change', to='fieldwork.fieldreport')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='changes', to='geopackage.geopackageimport')),
            ],
            options={
                'db_table': 'interop_importedchange',
                'ordering': ['source', 'layer', 'fid'],
            },
        ),
        CreateOrAdoptModel(
            name='ExportedFeature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('layer', models.CharField(max_length=40)),
                ('object_id', models.PositiveIntegerField()),
                ('version', models.PositiveIntegerField()),
                ('values', models.JSONField(default=dict)),
                ('export', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='features', to='geopackage.geopackageexport')),
            ],
            options={
                'db_table': 'interop_exportedfeature',
                'constraints': [models.UniqueConstraint(fields=('export', 'layer', 'object_id'), name='exported_feature_unique')],
            },
        ),
        relabel_content_types(
            'interop', 'geopackage', ['geopackageexport', 'exportedfeature', 'geopackageimport', 'importedchange']
        ),
    ]
