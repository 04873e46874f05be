from django.http import Http404


def snapshot_list(request):
    raise Http404


def snapshot_file(request, version, filename):
    raise Http404
