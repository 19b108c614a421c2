"""The API twin of the personal-data page: each GET is a recorded reading."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minefree.casualties.assistance import read_personal_data
from minefree.casualties.models import Victim
from minefree.core.permissions import Action


class VictimPersonalData(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        """Name, contact and medical details of one victim (audited; roles with personal data only)."""
        victim = Victim.objects.restrict(request.user, Action.VIEW).filter(pk=pk).first()
        if victim is None:
            return Response({"detail": "Not found."}, status=404, headers={"Cache-Control": "no-store"})
        return Response(read_personal_data(request.user, victim), headers={"Cache-Control": "no-store"})
