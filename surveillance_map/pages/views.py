from django.shortcuts import render

from surveillance_map.cameras.selectors import camera_totals


def home(request):
    return render(request, "pages/home.html", {"totals": camera_totals()})
