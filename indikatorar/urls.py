from django.urls import path

from indikatorar import views

app_name = "indikatorar"
urlpatterns = [
    path("", views.index, name="index"),
    path("rapport.pdf", views.report_pdf, name="report_pdf"),
]
