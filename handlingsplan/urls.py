from django.urls import path

from handlingsplan import views

app_name = "handlingsplan"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.plan_detail, name="plan"),
    path("<slug:slug>/pdf/", views.plan_pdf, name="pdf"),
    path("<slug:slug>/endringar/", views.changes, name="changes"),
    path("<slug:slug>/statusrunde/", views.status_round, name="status_round"),
    path("<slug:slug>/tiltak/<int:pk>/", views.measure_detail, name="measure"),
]
