from django.urls import path

from avtaler import views

app_name = "avtaler"
urlpatterns = [
    path("", views.index, name="index"),
    # Fixed words first: an agreement's slug cannot hide them.
    path("signeringsoversikt/", views.signing_matrix, name="matrix"),
    path("signeringsoversikt/pdf/", views.signing_matrix_pdf, name="matrix_pdf"),
    path("arbeidsgrupper/", views.group_list, name="groups"),
    path("arbeidsgrupper/<slug:slug>/", views.group_detail, name="group"),
    path("<slug:slug>/", views.agreement_detail, name="agreement"),
    path("<slug:slug>/signering/", views.signing, name="signing"),
    path("<slug:slug>/signering/pdf/", views.signing_pdf, name="signing_pdf"),
    path("<slug:slug>/versjon/<int:pk>/", views.version_detail, name="version"),
    path("<slug:slug>/versjon/<int:pk>/pdf/", views.version_pdf, name="version_pdf"),
    path(
        "<slug:slug>/versjon/<int:pk>/dokument/", views.version_document, name="version_document"
    ),
]
