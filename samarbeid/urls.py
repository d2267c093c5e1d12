from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from samarbeid import views

urlpatterns = [
    path("", views.front, name="front"),
    path("utval/", views.body_list, name="body_list"),
    path("utval/<slug:slug>/", views.body_detail, name="body"),
    path("organisasjonar/", views.organisation_list, name="organisation_list"),
    path("tilgjengelegheit/", views.accessibility, name="accessibility"),
    path("mote/", include("moter.urls")),
    path("handlingsplan/", include("handlingsplan.urls")),
    path("avtalar/", include("avtaler.urls")),
    path("arbeid/", include("arbeid.urls")),
    path("sok/", include("sok.urls")),
    path("indikatorar/", include("indikatorar.urls")),
    path(
        "konto/logg-inn/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            extra_context={
                "oidc_enabled": settings.OIDC_ENABLED,
                "oidc_label": settings.OIDC_LOGIN_LABEL or _("Log in with single sign-on"),
            },
        ),
        name="login",
    ),
    path("konto/logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", include("medlem.account_urls")),
    path("medlem/", include("medlem.urls")),
    path("konto/to-steg/", views.otp_verify, name="otp_verify"),
    path("konto/to-steg/ny/", views.otp_setup, name="otp_setup"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler500 = "samarbeid.views.server_error"

# MEDIA_ROOT is never served as it is, not even with DEBUG: uploads are served by the views
# that check access (moter:case_paper, avtaler:version_document, the meetings' PDFs).
