from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import media

from . import moved, views

# The admin signs in through allauth, so it shares allauth's rate limits.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "psoasapp administration"
admin.site.site_title = "psoasapp admin"

# Each app's pages under the app's own prefix. exercises is the exception: it
# owns three top-level prefixes (/guide/, /exercises/, /routines/), shared and
# bookmarked, which exercises/urls.py writes itself, so it is mounted at the
# root (Django reverses one include per namespace). No other app's page is
# mounted at the root, so nothing else can land under those three; the only
# other route there is the permanent redirect of the player's old address
# (psoasapp.moved), which the project owns because it knows both apps.
# tests/psoasapp/test_urls.py holds both rules.
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("privacy/", views.privacy_notice, name="privacy"),
    # The whole account under one prefix: psoasapp's pages, then allauth's
    # (none of which is "", "export/" or "delete/": test_urls checks it).
    path(
        "account/",
        include(
            [
                path("", views.account, name="account"),
                path("export/", views.account_export, name="account-export"),
                path("delete/", views.account_delete, name="account-delete"),
                path(
                    "sessions/<int:pk>/log-out/",
                    views.account_browser_log_out,
                    name="account-browser-log-out",
                ),
                path("", include("allauth.urls")),
            ]
        ),
    ),
    path("", include("exercises.urls")),
    path("journal/", include("journal.urls")),
    path("quiz/", include("quiz.urls")),
    path("admin/", admin.site.urls),
    # Uploaded images, when no front web server serves MEDIA_ROOT itself.
    path(
        settings.MEDIA_URL.removeprefix("/") + "<path:path>", media.serve, name="media"
    ),
    # Last, so that they never shadow a page.
    path("", include(moved)),
]

# A fault outside the views that says the database is unavailable (a session
# that cannot be saved, say) answers the outage page, 503; any other, the 500
# page (core/outage.py).
handler500 = "core.outage.server_error"
