from django.http import HttpResponse


def dashboard(request):
    return HttpResponse("Tandem")


def section(request, section):
    return HttpResponse(section)
