from django.urls import path

from moter import feeds, register, views

app_name = "moter"
urlpatterns = [
    path("", views.index, name="index"),
    path("moteplan/", views.schedule, name="schedule"),
    path("vedtak/", register.register, name="register"),
    path("kalender.ics", feeds.calendar, name="calendar"),
    path("kalender/<slug:body>.ics", feeds.calendar, name="body_calendar"),
    path("kalender-alle.ics", feeds.calendar_history, name="calendar_history"),
    path("referat.atom", feeds.minutes_feed, name="minutes_feed"),
    path("<slug:body>/<int:year>/<int:number>/", views.meeting_detail, name="meeting"),
    path(
        "<slug:body>/<int:year>/<int:number>/referat-v<int:version>.pdf",
        views.minutes_pdf,
        name="minutes_pdf",
    ),
    path(
        "<slug:body>/<int:year>/<int:number>/innkalling.pdf", views.notice_pdf, name="notice_pdf"
    ),
    path(
        "<slug:body>/<int:year>/<int:number>/innkalling-v<int:version>.pdf",
        views.notice_pdf,
        name="notice_version_pdf",
    ),
    path(
        "<slug:body>/<int:year>/<int:number>/innkalling-med-saksdokument.pdf",
        views.notice_bundle_pdf,
        name="notice_bundle_pdf",
    ),
    path("<slug:body>/<int:year>/<int:number>/utkast.pdf", views.draft_pdf, name="draft_pdf"),
    path("<slug:body>/<int:year>/sak/<int:sequence>/", views.case_detail, name="case"),
    path(
        "<slug:body>/<int:year>/sak/<int:sequence>/saksgrunnlag/<int:pk>/",
        views.case_paper,
        name="case_paper",
    ),
]
