# Sharebook, Deutsch: jeder Text, den Nutzer lesen. Alle Sprachen haben genau diese IDs
# und Variablen (ein Test prüft das). Zahlen wählen Pluralformen mit [one] und *[other].

## Gemeinsame Wörter
role-viewer = Betrachter
role-editor = Bearbeiter
role-deleter = Löscher
role-manager = Verwalter
role-owner = Inhaber
field-name = Name
field-emails = E-Mail-Adressen
field-phones = Telefonnummern
field-organization = Unternehmen
field-title = Position
field-addresses = Postanschriften
field-notes = Notizen
field-custom = Weitere Felder
recipient-to = An
recipient-cc = Cc
recipient-bcc = Bcc
outside-sharing-allowed = Mit allen erlaubt
outside-sharing-listed = Nur mit den unten aufgeführten Domains
outside-sharing-never = Nie
approver-owner = Der Inhaber des Labels
approver-admins = Administratoren der Domain
audit-action-share-added = Geteilt
audit-action-role-changed = Rolle geändert
audit-action-hidden-fields-changed = Ausgeblendete Felder geändert
audit-action-access-revoked = Zugriff widerrufen
audit-action-ownership-transferred = Inhaberschaft übertragen
audit-action-label-created = Label erstellt
audit-action-label-renamed = Label umbenannt
audit-action-label-deleted = Label gelöscht
audit-action-contact-deleted = Kontakt gelöscht
audit-action-contact-restored = Kontakt wiederhergestellt
audit-action-feed-connected = CRM-Feed verbunden
audit-action-feed-disconnected = CRM-Feed getrennt
audit-action-policy-changed = Richtlinie geändert
audit-action-deletions-held = Löschungen zurückgehalten
audit-action-held-approved = Zurückgehaltene Löschungen genehmigt
audit-action-held-dismissed = Zurückgehaltene Löschungen verworfen
audit-action-user-offboarded = Offboarding durchgeführt
origin-side-panel = Seitenleiste
origin-google-contacts = Google Kontakte
origin-feed = CRM-Feed
origin-admin-card = Admin-Karte
account-active = aktiv
account-suspended = gesperrt
account-deleted = gelöscht

## Ablehnungen neben einem Feld
error-single-line = Verwenden Sie nur eine Zeile.
error-control-characters = Entfernen Sie die unsichtbaren Steuerzeichen (z. B. NUL) aus diesem Text.
error-too-long = Verwenden Sie höchstens { $max } Zeichen.
error-label-name-empty = Geben Sie einen Namen für das Label ein.
error-share-not-allowed = Nur Verwalter und der Inhaber können ändern, wer Zugriff hat.
error-share-above-own-rights = Sie können höchstens die Rolle Verwalter vergeben.
error-share-owner-untouchable = Der Zugriff des Inhabers lässt sich nur durch Übertragen der Inhaberschaft ändern.
error-share-target-above = Die Rolle dieses Mitglieds steht über Ihrer.
error-comment-empty = Schreiben Sie zuerst etwas.
error-comment-public-not-allowed = Mit Ihrer Rolle können Sie nur private Kommentare schreiben.
error-offboard-no-recipient = Geben Sie die Adresse der Person ein, die die Labels übernimmt.
error-offboard-same-person = Die Labels müssen an jemand anderen gehen.
error-offboard-outside-domain = Der neue Inhaber muss zu { $domain } gehören.
error-offboard-not-a-user = { $email } hat Sharebook noch nicht verwendet (oder das Offboarding ist bereits erfolgt): Bitten Sie die Person, es einmal in Gmail zu öffnen.
refusal-outside-never = Ihr Administrator erlaubt nicht, Labels außerhalb von { $home } zu teilen.
refusal-outside-not-listed = Ihr Administrator erlaubt das Teilen außerhalb von { $home } nur mit { $count ->
    [0] noch keiner Domain
   *[other] { $listed }
}; { $domain } gehört nicht dazu.
refusal-outside-above-max = Personen außerhalb von { $home } können höchstens die Rolle { $max } erhalten.
refusal-domain-shares-off = Ihr Administrator erlaubt nicht, ein Label mit ganz { $home } zu teilen.
refusal-feeds-off = Ihr Administrator erlaubt nicht, CRM-Feeds zu verbinden.
policy-error-outside = Wählen Sie aus, wie Labels nach außen geteilt werden dürfen.
policy-error-domain = „{ $domain }“ ist keine Domain wie partner.com.
policy-error-no-domains = Geben Sie mindestens eine Domain an oder wählen Sie eine andere Option.
policy-error-outside-max = Wählen Sie eine Rolle von Betrachter bis Verwalter.
policy-error-guard-percent = Geben Sie einen Prozentsatz von 0 bis 100 ein.
policy-error-guard-at-least = Geben Sie eine Anzahl von Kontakten von 1 bis 100000 ein.
policy-error-approver = Wählen Sie aus, wer zurückgehaltene Löschungen genehmigt.
filter-error-out-of-range = Dieses Datum liegt außerhalb des zulässigen Bereichs.
filter-error-date = „{ $date }“ ist kein Datum wie 2026-12-31.
filter-error-action = Unbekannte Aktion.
filter-error-end-before-start = Das Enddatum liegt vor dem Startdatum.
error-contact-name-empty = Geben Sie einen Namen ein.
error-not-an-email = „{ $value }“ ist keine E-Mail-Adresse.
error-not-a-phone = „{ $value }“ ist keine Telefonnummer.
error-custom-line = Schreiben Sie „{ $value }“ als Schlüssel: Wert.
error-too-many = Verwenden Sie höchstens { $max } Einträge.
error-address-too-long = Verwenden Sie höchstens { $max } Zeichen pro Adresse.

## Wörter, die viele Karten verwenden
you = Ihnen
never = nie
unknown = unbekannt
n-contacts = { $count ->
    [one] { $count } Kontakt
   *[other] { $count } Kontakte
}

## Startseite
home-label-detail = { $role } · { $count ->
    [one] { $count } Kontakt
   *[other] { $count } Kontakte
}
home-label-not-synced = {" "}· nicht synchronisiert: Sie haben es in Google Kontakte gelöscht
home-sync-again = „{ $label }“ wieder mit meinen Google Kontakten synchronisieren
home-feed-paused = {" "}· Capsule-Feed pausiert (letzter erfolgreicher Lauf: { $last })
home-fix-feed = Capsule-Feed von „{ $label }“ reparieren
home-empty = Sie haben noch keine geteilten Labels. Ein Label ist eine Gruppe von Kontakten, die Sie mit Kollegen teilen, jeweils mit einer Rolle: Ihre Kollegen sehen die Kontakte dann hier in Gmail und in ihren eigenen Google Kontakten.
home-first-labels = Ihre ersten { $count } Labels, nach Name sortiert.
home-share-google-label = Label aus Google Kontakte teilen
home-admin = Admin
home-sync-now = Jetzt synchronisieren
home-your-labels = Ihre Labels
home-create-label = Label erstellen
home-find-people = Personen finden
home-search-label = Kontakte suchen (Name, E-Mail, Telefon, Unternehmen)
home-search = Suchen
home-mentions = Erwähnungen
sync-in-step-since = Synchron (letzte Aktualisierung: { $when })
sync-in-step = Synchron
sync-on-their-way = { $count ->
    [one] 1 Änderung unterwegs
   *[other] { $count } Änderungen unterwegs
}
sync-failed = { $count ->
    [one] 1 Änderung wartet
   *[other] { $count } Änderungen warten
}. Letzter Versuch fehlgeschlagen: { $error }. Sharebook versucht es automatisch erneut.
sync-your-google-contacts = Ihre Google Kontakte

## Ein Label
previous-page = Vorherige Seite
next-page = Nächste Seite
label-subtitle = Ihre Rolle: { $role } · { $count ->
    [one] { $count } Kontakt
   *[other] { $count } Kontakte
}
label-group-deleted = Sie haben dieses Label in Google Kontakte gelöscht, daher synchronisiert Sharebook es nicht mehr zu Ihnen. Seine Kontakte sind hier weiterhin geteilt.
label-sync-again = Wieder mit meinen Google Kontakten synchronisieren
label-import-stopped = Teilen aus Google Kontakte abgebrochen: { $why }
label-import-progress = Teilen aus Google Kontakte: { $done } von { $total } Kontakten gelesen. Sie erscheinen hier, sobald sie gelesen sind.
label-held = Zurückgehalten: { $count ->
    [one] 1 Löschung
   *[other] { $count } Löschungen
} von { $member } in Google Kontakte – zu viele auf einmal. Die Kontakte sind weiterhin hier und wieder in den Google Kontakten dieser Person.
label-held-by-admins = Ihr Administrator prüft zurückgehaltene Löschungen in dieser Domain.
label-held-delete = Löschen
label-held-keep = Behalten
label-empty-add = Noch keine Kontakte. Fügen Sie einen hinzu oder öffnen Sie eine E-Mail und fügen Sie den Absender hinzu.
label-empty = Noch keine Kontakte.
label-add-contact = Kontakt hinzufügen
label-sharing = Freigabe
label-deleted-contacts = Gelöschte Kontakte
label-sync-on = Mit meinen Google Kontakten synchronisieren
label-sync-off = Nicht mehr mit meinen Google Kontakten synchronisieren
label-feed = Capsule CRM-Feed
label-connect-feed = Capsule CRM verbinden
label-settings = Label-Einstellungen

## Ein Kontakt
you-capital = Sie
edit = Bearbeiten
delete = Löschen
restore = Wiederherstellen
remove = Entfernen
save = Speichern
cancel = Abbrechen
comments = Kommentare
comment-box = Kommentar hinzufügen
comment-box-private = Privaten Kommentar hinzufügen (nur für Sie sichtbar)
contact-clash = Gleichzeitig { $mine ->
    [yes] haben Sie
   *[no] hat { $who }
} in Google Kontakte „{ $typed }“ für { $field } eingegeben; „{ $kept }“ wurde beibehalten. Dieser Wert steht im Verlauf.
contact-deleted = Dieser Kontakt wurde gelöscht.
contact-no-details = Keine weiteren Angaben.
contact-history = Verlauf
comments-none = Noch keine Kommentare.
comment-who-sees = Sichtbar für
comment-everyone = Alle mit Zugriff auf das Label
comment-only-me = Nur mich
comment-post = Kommentar posten
contact-source = Quelle
contact-source-crm = Capsule CRM ({ $account }): Änderungen dort überschreiben dieselben Felder hier
contact-source-hand = Manuell hinzugefügt: nicht aus Capsule CRM ({ $account })
contact-last-changed = Zuletzt geändert von { $who }, { $when }
contact-subtitle = { $label } · Ihre Rolle: { $role }
comment-public = Öffentlich
comment-private = Privat: nur für Sie sichtbar

## Listen: Suche, Erwähnungen, Verlauf, gelöschte Kontakte, Entwurf
search-nobody = Niemand gefunden.
search-more = Mehr
search-results = Suchergebnisse
mention-row = { $author } zu { $contact } · { $when }
open-name = { $name } öffnen
mentions-none = Sie wurden noch nicht erwähnt.
history-row = { $action ->
    [create] Hinzugefügt
    [delete] Gelöscht
    [restore] Wiederhergestellt
    [clash] Nicht übernommen (gleichzeitig in der Seitenleiste geändert): eingegeben
    [merge] Mit einem anderen Kontakt zusammengeführt
    [unmerge] Zusammenführung rückgängig gemacht
   *[edit] Bearbeitet
}{ $via ->
    [google] {" "}in Google Kontakte von { $who }
    [capsule] {" "}in Capsule CRM (Feed verbunden von { $who })
    [file] {" "}aus der Datei { $file } von { $who }
   *[panel] {" "}von { $who }
} · { $when }
history-change-clash = { $field }: { $new } (beibehalten: { $old })
history-change-added = { $field }: { $new }
history-change-removed = { $field }: { $old } entfernt
history-change = { $field }: { $old } → { $new }
history-none = Kein Verlauf.
history-title = Verlauf von { $name }
deleted = Gelöscht
restore-name = { $name } wiederherstellen
deleted-none = In letzter Zeit wurde nichts gelöscht.
back-to-label = Zurück zum Label
deleted-notice = „{ $name }“ wurde aus { $label } gelöscht.
undo = Rückgängig
contact-deleted-title = Kontakt gelöscht
compose-title = Geteilte Kontakte einfügen
compose-subtitle = Die Adressen eines Labels, zum Entwurf hinzugefügt
compose-add-as = Hinzufügen als
compose-add-label = { $label } hinzufügen ({ $count })
compose-no-contacts = Keines Ihrer Labels enthält bisher Kontakte.
compose-note = Adressen, die schon im Entwurf stehen, werden nicht erneut hinzugefügt. Mit Bcc bleiben die Adressen der Mitglieder füreinander verborgen.

## Die Personen in einer geöffneten E-Mail
message-nobody-else = Sonst ist niemand an dieser E-Mail beteiligt.
message-people = { $count ->
    [one] 1 Person in dieser E-Mail
   *[other] { $count } Personen in dieser E-Mail
}
message-in-label = In { $label } · Ihre Rolle: { $role }
message-everyone = Alle mit Zugriff
message-open-contact = Kontakt öffnen
message-comment-cut = … (Kontakt öffnen, um alles zu lesen)
message-not-in-label = In keinem Label, das Sie sehen können.
message-no-writable-label = Sie haben kein Label, zu dem Sie Kontakte hinzufügen können.
message-label = Label
message-add-to-label = Zu einem Label hinzufügen

## Formulare
form-one-per-line = { $field } (eine Angabe pro Zeile)
form-duplicate = { $name } in diesem Label hat { $what ->
    [email] eine E-Mail-Adresse
   *[phone] eine Telefonnummer
}, die Sie eingegeben haben.
form-save-anyway = Trotzdem speichern
form-new-contact = Neuer Kontakt
form-edit-contact = Kontakt bearbeiten
form-new-label = Neues Label
form-new-label-subtitle = Kontakte, die Sie hinzufügen, können Sie mit Ihrem Team teilen
form-label-name = Name des Labels
form-label-name-hint = Zum Beispiel: Kunden, Lieferanten
form-create = Erstellen
form-comment = Kommentar
form-delete-comment = Kommentar löschen
form-edit-comment = Kommentar bearbeiten
settings-rename = Umbenennen
settings-share-first = Um dieses Label jemandem zu übergeben, teilen Sie es zuerst mit der Person.
settings-transfer-to = Inhaberschaft übertragen an
settings-transfer = Inhaberschaft übertragen
settings-delete-label = Label löschen
settings-title = Einstellungen von { $label }
settings-subtitle = Nur Sie als Inhaber sehen dies
settings-delete-warning = Wenn Sie „{ $label }“ löschen, werden { $count ->
    [one] sein Kontakt
   *[other] seine { $count } Kontakte
} samt Kommentaren und Verlauf für alle entfernt, mit denen es geteilt ist. Dies kann nicht rückgängig gemacht werden.
settings-delete-everyone = Für alle löschen
settings-delete-title = Label löschen?

## Freigabe
your-role = Ihre Rolle: { $role }
sharing-pending = { $role } · ausstehend: hat Sharebook noch nicht geöffnet
sharing-change = Zugriff von { $grantee } ändern oder widerrufen
sharing-grantee = E-Mail, Gruppenadresse oder Domain
sharing-with = Teilen mit
sharing-person = Einer Person
sharing-group = Einer Google Group
sharing-domain = Allen in einer Domain
sharing-share = Teilen
sharing-title = Freigabe von { $label }
sharing-group-name = Gruppe: { $grantee }
sharing-domain-name = Alle bei { $grantee }
sharing-role = Rolle
sharing-access-for = Zugriff für
sharing-hide = Für sie ausblenden (nicht angezeigt, nicht synchronisiert)
sharing-revoke = Zugriff widerrufen
sharing-revoke-warning = „{ $label }“ ist dann nicht mehr sichtbar für { $kind ->
    [group] alle Mitglieder von { $grantee }
    [domain] alle bei { $grantee }
   *[user] { $grantee }
}, und seine Kontakte werden aus deren Google Kontakten entfernt (sofern keine andere Freigabe sie noch erreicht).
sharing-revoke-title = Zugriff widerrufen?

## CRM-Feeds
feed-connect-intro = Verbinden Sie ein Capsule CRM-Konto: Seine Personen und Organisationen mit E-Mail, Telefon oder Adresse werden zu Kontakten dieses Labels, und Änderungen in Capsule erreichen alle. In Capsule wird nie etwas geschrieben.
feed-no-keys = CRM-Feeds sind auf diesem Server nicht eingerichtet: Der Administrator muss zuerst CRM_TOKEN_KEYS festlegen.
feed-sign-in = Mit Capsule anmelden
feed-sign-in-note = Wenn Sie sich als Capsule-Administrator anmelden, kommen Updates sofort an. Oder fügen Sie ein Token ein:
feed-token = Persönliches Capsule-Zugriffstoken
feed-token-help = In Capsule: My Preferences → API Authentication Tokens → Generate new API token. Sharebook speichert es verschlüsselt und zeigt es nie wieder an.
feed-connect = Verbinden
feed-choose-intro = Verbunden mit { $account }. Welche Einträge soll dieses Label übernehmen?
feed-parties = Einträge
feed-parties-all = Alle Personen und Organisationen mit Kontaktdaten
feed-parties-tagged = Nur Einträge mit einem unten angehakten Tag
feed-no-tags = Dieses Capsule-Konto hat noch keine Tags.
feed-tags = Tags
feed-save-and-sync = Speichern und synchronisieren
feed-choose-title = Einträge auswählen
feed-n-parties = { $count ->
    [one] 1 Eintrag
   *[other] { $count } Einträge
}
feed-account = Capsule-Konto
feed-account-value = { $name } ({ $url }) · Token von { $user }
feed-connected-by = Verbunden von
feed-connected-by-value = { $who } · { $how ->
    [hooks] sofortige Updates (REST hooks), zusätzlich bei jeder Abfrage geprüft
    [oauth] angemeldet; sofortige Updates erfordern einen Capsule-Administrator, daher wird regelmäßig abgefragt
   *[token] persönliches Token; liest bei jeder Abfrage, was sich geändert hat
}
feed-paused = Pausiert: { $reason } Letzter erfolgreicher Lauf: { $last }.
feed-importing = Erster Import läuft: { $pages } Seiten mit je 100 Einträgen gelesen.
feed-setup = Wählen Sie die zu übernehmenden Einträge aus, um den Import zu starten.
feed-paused-word = pausiert
feed-runs = Läufe
feed-runs-value = Letzter: { $last } · letzter erfolgreicher: { $success } · nächster: { $next }
feed-taking = Übernommen werden
feed-taking-all = alle Einträge mit E-Mail, Telefon oder Adresse
feed-taking-tagged = Einträge mit den Tags { $tags }
feed-in-label = In diesem Label
feed-in-label-value = { $taken } übernommen · { $removed } entfernt (gelöscht, eingeschränkt oder inzwischen ohne Angaben)
feed-filtered = {" "}· { $filtered } außerhalb der gewählten Tags
feed-skipped = { $parties } übersprungen: { $reason }
feed-unreadable = { $parties } nicht lesbar
feed-last-error = Letzter Fehler: { $error }
feed-requests = Bisher { $count } Anfragen an Capsule (Capsule erlaubt 4.000 pro Stunde und Nutzer).
feed-change-parties = Einträge ändern
feed-connect-again = Erneut verbinden
feed-disconnect = Trennen
feed-disconnect-warning = Beim Trennen wird das gespeicherte Token gelöscht und der Feed von { $account } beendet. Die übernommenen Kontakte bleiben als normale Kontakte im Label.
feed-disconnect-title = Capsule trennen?
feed-badge-paused = Der Feed aus Capsule CRM ({ $account }) ist pausiert: Capsule hat sein Token abgelehnt. Letzter erfolgreicher Lauf: { $last }. Der Inhaber kann ihn erneut verbinden.
feed-badge-importing = Import aus Capsule CRM ({ $account }): bisher { $parties }. Sie erscheinen hier, sobald sie gelesen sind.
feed-badge-live = Aus Capsule CRM ({ $account }) gespeist: { $parties } von dort. Änderungen in Capsule erreichen alle.

## Ein Label aus Google Kontakte teilen
import-pick-intro = Wählen Sie ein Label aus, das Sie bereits in Google Kontakte haben, um es mit Ihrem Team zu teilen.
import-pick-label = { $label } · { $count ->
    [one] { $count } Kontakt
   *[other] { $count } Kontakte
}
import-pick-none = Alle Ihre Labels in Google Kontakte sind bereits geteilt, oder Sie haben noch keine.
import-pick-subtitle = Ihre Labels in Google Kontakte
import-confirm-what = Sharebook erstellt ein geteiltes Label „{ $label }“ mit Ihnen als Inhaber und seinen { $count ->
    [one] { $count } Kontakt
   *[other] { $count } Kontakten
}. Danach können Sie es wie ein Google-Dokument teilen: Jede Person erhält es in ihren eigenen Google Kontakten.
import-confirm-untouched = Ihre eigenen Google Kontakte bleiben genau so, wie sie sind: dieselben Kontakte im selben Label, nichts wird dupliziert. Sharebook markiert sie nur als geteilt.
import-share = „{ $label }“ teilen
import-confirm-title = „{ $label }“ teilen?
import-confirm-subtitle = Aus Ihren Google Kontakten

## Admin
and-more = Und { $count } weitere.
admin-install-domain = Für die gesamte Domain aus dem Workspace Marketplace installiert
admin-install-users = Nicht für die gesamte Domain installiert: Jeder Nutzer hat es selbst installiert
admin-install-unchecked = Noch nicht beim Marketplace geprüft
admin-install-unknown = Unbekannt: Die Marketplace API ist nicht konfiguriert
admin-installation = Installation
admin-first-used = Erstmals verwendet
admin-audit-log = Audit-Log
admin-people = Personen
admin-labels = Labels
admin-domain = Domain
admin-departed = { $email } besitzt Labels, aber das Konto ist { $status }: Übergeben Sie die Labels an jemand anderen.
admin-offboard-name = Offboarding für { $email }
admin-people-who-left = Ausgeschiedene Personen
admin-held = { $count ->
    [one] 1 Löschung
   *[other] { $count } Löschungen
} von { $member } in Google Kontakte, zurückgehalten am { $when }
admin-held-deletions = Zurückgehaltene Löschungen
admin-policies = Richtlinien
admin-forbidden-note = Diese Freigaben wurden erstellt, bevor sich die Richtlinien geändert haben. Es wurde nichts automatisch widerrufen.
admin-forbidden-share = { $grantee } ({ $role }): { $why }
admin-revoke-n = { $count ->
    [one] Diese Freigabe widerrufen
   *[other] Diese { $count } Freigaben widerrufen
}
admin-forbidden = Von den Richtlinien untersagte Freigaben
policy-outside = Teilen außerhalb der Domain
policy-domains = Erlaubte externe Domains (durch Kommas getrennt)
policy-outside-max = Höchste Rolle für externe Personen
policy-users-may = Nutzer dürfen
policy-domain-shares = Ein Label mit der gesamten Domain teilen
policy-feeds = Einen CRM-Feed mit einem Label verbinden
policy-guard-percent = In Google Kontakte vorgenommene Löschungen zurückhalten ab diesem Anteil eines Labels (%)
policy-guard-at-least = … und ab mindestens so vielen auf einmal
policy-approver = Wer zurückgehaltene Löschungen genehmigt
policy-save = Richtlinien speichern
admin-revoke-warning = { $count ->
    [one] 1 Freigabe
   *[other] { $count } Freigaben
} widerrufen? Die Empfänger verlieren den Zugriff, und die Kontakte der Labels werden aus ihren Google Kontakten entfernt. Jeder Widerruf wird im Audit-Log erfasst.
admin-revoke-title = Freigaben widerrufen
audit-who = Wer (Adresse)
audit-label = Label (Name)
audit-any-action = Alle Aktionen
audit-action = Aktion
audit-from = Von (YYYY-MM-DD)
audit-until = Bis (YYYY-MM-DD)
audit-filter = Filtern
audit-download = Als CSV herunterladen
audit-nothing = Keine Treffer.
audit-older = Ältere Einträge
audit-entries = Einträge, neueste zuerst
audit-link-note = Der Link unten funktioniert einmal, innerhalb von { $minutes } Minuten und nur für Sie.
audit-link = Audit-Log herunterladen (CSV)
audit-csv-title = Audit-Log als CSV
admin-person-line = besitzt { $owned } Labels, { $shared } davon geteilt · Mitglied in { $member } · zuletzt aktiv: { $last }
admin-offboarded-at = {" "}· Offboarding am { $when }
admin-open = Öffnen
admin-nobody = In dieser Domain hat noch niemand Sharebook verwendet.
admin-no-labels = In dieser Domain gibt es noch keine Labels.
admin-label-line = Inhaber { $owner } · { $size ->
    [one] 1 Kontakt
   *[other] { $size } Kontakte
} · { $shares ->
    [one] einmal geteilt
   *[other] { $shares }-mal geteilt
} · { $members ->
    [one] 1 Mitglied
   *[other] { $members } Mitglieder
}
admin-google-account = Google-Konto
admin-person-labels = besitzt { $owned } ({ $shared } geteilt), Mitglied in { $member }
admin-offboard-note = Beim Offboarding gehen alle Labels der Person an die unten angegebene Person über, ihre Freigaben werden widerrufen und die Kontakte der Labels aus ihren Google Kontakten entfernt. Dies wird im Audit-Log erfasst.
admin-new-owner = Neuer Inhaber (eine Adresse in { $domain })
admin-offboard = Offboarding durchführen
admin-account = Konto
admin-offboard-confirm = { $owned } Labels von { $email } an { $recipient } übergeben, die { $member } Freigaben dieser Person widerrufen und die Labels aus ihren Google Kontakten entfernen?
draft-no-addresses = Dieses Label enthält keine Adressen, die Sie sehen können
draft-all-there = Alle aus diesem Label sind bereits im Entwurf
draft-added = { $count ->
    [one] 1 Empfänger
   *[other] { $count } Empfänger
} zu { $field } hinzugefügt{ $there ->
    [0] {""}
   *[other] {" "}({ $there } bereits vorhanden)
}

## Fehlerkarten
error-reference = Referenz
error-sign-in = Anmeldung erforderlich
error-sign-in-text = Google hat Sharebook nicht mitgeteilt, wer Sie sind. Laden Sie Gmail neu. Falls das Problem weiterhin besteht, bitten Sie Ihren Administrator, Sharebook mit der Berechtigung userinfo.email neu zu installieren.
error-not-found = Nicht verfügbar
error-not-found-text = Dieses Element existiert nicht, oder Sie haben keinen Zugriff mehr darauf.
error-not-allowed = Nicht erlaubt
error-not-allowed-text = Ihre Rolle in diesem Label: { $role ->
    [owner] Inhaber
    [manager] Verwalter
    [deleter] Löscher
    [editor] Bearbeiter
   *[viewer] Betrachter
}. Für { $action ->
    [view] das Ansehen
    [comment-privately] das Kommentieren
    [comment-publicly] das Kommentieren für alle
    [add-contact] das Hinzufügen von Kontakten
    [edit-contact] das Bearbeiten von Kontakten
    [delete-contact] das Löschen oder Wiederherstellen von Kontakten
    [moderate-comments] das Entfernen von Kommentaren anderer
    [manage-shares] das Verwalten des Zugriffs
    [hide-fields] das Ausblenden von Feldern
    [rename-label] das Umbenennen des Labels
    [delete-label] das Löschen des Labels
    [transfer-ownership] das Übergeben des Labels
    [choose-sync] die Wahl der Synchronisierung
    [review-held-deletions] das Prüfen zurückgehaltener Löschungen
   *[manage-feed] das Verbinden eines CRM
} ist mindestens die Rolle { $needed ->
    [owner] Inhaber
    [manager] Verwalter
    [deleter] Löscher
    [editor] Bearbeiter
   *[viewer] Betrachter
} nötig. Wenden Sie sich bei Bedarf an den Inhaber oder einen Verwalter des Labels.
error-google = Google Kontakte hat nicht geantwortet
error-google-text = Sharebook konnte Ihre Google Kontakte gerade nicht lesen. Es wurde nichts geändert. Versuchen Sie es gleich noch einmal.
error-unexpected = Ein Fehler ist aufgetreten
error-unexpected-text = Sharebook konnte dies nicht abschließen. Es wurde nichts geändert. Versuchen Sie es gleich noch einmal. Falls es weiterhin fehlschlägt, geben Sie diese Referenz an Ihren Administrator weiter.

## Antworten der Routen
search-too-short = Geben Sie mindestens zwei Zeichen ein.
error-label-name-taken = Sie haben bereits ein Label namens „{ $name }“.
done-label-created = Label erstellt
done-comment-added = Kommentar hinzugefügt
done-comment-saved = Kommentar gespeichert
done-comment-removed = Kommentar entfernt
done-already-in-label = Schon in diesem Label?
done-contact-added = Kontakt hinzugefügt
done-someone-else-edited = Jemand anderes hat diesen Kontakt bearbeitet
done-saved-same-moment = Jemand hat im selben Moment gespeichert: Prüfen Sie die Angaben und speichern Sie erneut
done-saved = Gespeichert
form-changed-meanwhile = { $who } hat dies inzwischen geändert in: { $value }. Ihr Wert steht weiterhin oben; speichern Sie erneut, um ihn zu verwenden.
form-empty = (leer)
done-contact-deleted = Kontakt gelöscht
done-contact-restored = Kontakt wiederhergestellt
done-held-deleted = Gelöscht. Sie können sie unter „Gelöschte Kontakte“ wiederherstellen.
done-held-kept = Behalten. Es wurde nichts gelöscht.
done-sync-reading = Ihre Google Kontakte werden jetzt gelesen
done-sync-nothing = In Ihren Google Kontakten ist noch nichts von Sharebook
done-label-renamed = Label umbenannt
done-ownership-transferred = Inhaberschaft übertragen
done-label-deleted = Label gelöscht
import-name-refused = Dieser Name kann kein Sharebook-Label sein: { $why }
import-name-taken = Sie haben bereits ein Sharebook-Label namens „{ $name }“. Benennen Sie es oder das Google-Label um und versuchen Sie es erneut.
done-import-started = Wird geteilt: Die Kontakte erscheinen hier, sobald sie gelesen sind
error-share-owner-has-all = Der Inhaber hat bereits vollen Zugriff.
done-shared = Mit { $grantee } als { $role } geteilt
error-share-groups-need-directory = Zum Teilen mit Gruppen muss Ihr Administrator die Directory API einrichten.
error-not-a-domain = „{ $value }“ ist keine Domain wie example.com.
done-role-changed = Rolle geändert
done-access-revoked = Zugriff widerrufen
feed-error-token-refused = Capsule hat dieses Token nicht akzeptiert. Kopieren Sie es erneut vollständig aus My Preferences → API Authentication Tokens.
feed-error-rate-limited = Dieser Capsule-Nutzer hat die Anfragen für diese Stunde aufgebraucht. Versuchen Sie es später noch einmal.
feed-error-unreachable = Capsule war nicht erreichbar. Es wurde nichts gespeichert; versuchen Sie es in einer Minute noch einmal.
feed-error-no-keys = CRM-Feeds sind auf diesem Server nicht eingerichtet.
feed-error-no-token = Fügen Sie das Token hier ein.
feed-error-not-a-token = Das sieht nicht wie ein Capsule-Token aus: Fügen Sie nur das Token ein.
feed-error-no-tag = Haken Sie mindestens ein Tag an oder übernehmen Sie alle Einträge.
done-feed-connected = Mit Capsule verbunden
done-feed-saved = Gespeichert: Die Kontakte werden im Hintergrund übertragen
done-feed-syncing = Wird jetzt synchronisiert
done-feed-not-running = Der Feed läuft nicht: Verbinden Sie ihn zuerst erneut
done-feed-disconnected = Von Capsule getrennt
admin-directory-not-configured = Gesperrte oder gelöschte Konten werden nicht erkannt: Die Directory API ist nicht konfiguriert.
admin-directory-failed = Einige Konten konnten gerade nicht über das Directory geprüft werden.
done-nothing-changed = Nichts geändert
done-policies-saved = Richtlinien gespeichert
done-deleted = Gelöscht
done-kept = Behalten
admin-status-not-configured = unbekannt (die Directory API ist nicht konfiguriert)
admin-status-failed = unbekannt (das Directory konnte gerade nicht abgefragt werden)
done-offboarded = { $labels ->
    [one] 1 Label
   *[other] { $labels } Labels
} an { $recipient } übergeben, { $shares ->
    [one] 1 Freigabe
   *[other] { $shares } Freigaben
} widerrufen
feed-skip-no-details = keine E-Mail, kein Telefon, keine Adresse
feed-pause-refused = Capsule hat die Verbindung abgelehnt: Das Token wurde widerrufen oder hat keinen Zugriff mehr. Verbinden Sie erneut, um fortzufahren.
feed-pause-not-owner = Die Person, die ihn verbunden hat, ist nicht mehr Inhaber dieses Labels. Der Inhaber kann erneut verbinden.
feed-pause-keys = Das gespeicherte Token kann nicht mehr gelesen werden (die Schlüssel des Servers haben sich geändert). Verbinden Sie erneut, um fortzufahren.

## Seiten außerhalb des Add-ons (Anmeldefenster von Capsule)
page-close-window = Sie können dieses Fenster schließen.
page-not-connected = Nicht verbunden
page-connected = Verbunden
page-not-a-sign-in = Dieser Link ist keine Capsule-Anmeldung dieses Sharebook.
page-sign-in-used = Dieser Anmeldelink wurde bereits verwendet oder ist abgelaufen. Öffnen Sie den Capsule-Feed des Labels in Sharebook und melden Sie sich erneut an.
page-no-access = Capsule hat keinen Zugriff gewährt, daher wurde nichts verbunden.
page-not-owner = Sie sind nicht mehr Inhaber dieses Labels.
page-connected-hooks = { $account } ist mit „{ $label }“ verbunden, mit sofortigen Updates. Wählen Sie in Gmail aus, welche Einträge übernommen werden sollen.
page-connected-polling = { $account } ist mit „{ $label }“ verbunden. Sofortige Updates erfordern die Anmeldung eines Capsule-Administrators, daher sucht Sharebook stattdessen regelmäßig nach Änderungen. Wählen Sie in Gmail aus, welche Einträge übernommen werden sollen.
page-refused = Capsule hat die Anmeldung abgelehnt oder war nicht erreichbar. Es wurde nichts gespeichert; versuchen Sie es erneut.
page-failed = Bei uns ist ein Fehler aufgetreten (Referenz { $reference }). Versuchen Sie es erneut.
audit-link-used = Dieser Link wurde bereits verwendet oder ist abgelaufen. Fordern Sie über die Admin-Karte einen neuen an.

## E-Mails
email-kind-invitation = Ein Label wird mit mir geteilt
email-kind-mention = Jemand erwähnt mich in einem Kommentar
email-kind-held-deletions = Löschungen in meinem Label werden zurückgehalten
email-kind-feed-paused = Mein CRM-Feed ist pausiert
email-invitation-subject = { $count ->
    [one] { $sender } hat „{ $label }“ mit Ihnen geteilt
   *[other] { $sender } hat { $count } Labels mit Ihnen geteilt
}
email-invitation-intro = { $count ->
    [one] { $sender } hat in Sharebook ein Google Kontakte-Label mit Ihnen geteilt:
   *[other] { $sender } hat in Sharebook { $count } Google Kontakte-Labels mit Ihnen geteilt:
}
email-invitation-item = „{ $label }“, als { $role }, { $count ->
    [one] 1 Kontakt
   *[other] { $count } Kontakte
}{ $via ->
    [group] {" "}(geteilt mit { $group }, einer Gruppe, in der Sie Mitglied sind)
   *[you] {""}
}
email-invitation-outro = { $count ->
    [one] Seine Kontakte kommen bereits in Ihren Google Kontakten an, in einem Label mit demselben Namen.
   *[other] Ihre Kontakte kommen bereits in Ihren Google Kontakten an, jeweils in einem Label mit demselben Namen.
} Um die Kommentare des Teams zu lesen und zu schreiben, öffnen Sie eine E-Mail in Gmail und dann Sharebook in der Seitenleiste.
email-mention-subject = { $count ->
    [one] { $sender } hat Sie in einem Kommentar zu { $contact } erwähnt
   *[other] { $sender } hat Sie in { $count } Kommentaren erwähnt
}
email-mention-intro = { $count ->
    [one] { $sender } hat Sie in einem Kommentar erwähnt:
   *[other] { $sender } hat Sie in { $count } Kommentaren erwähnt:
}
email-mention-item = Zu { $contact }, in „{ $label }“:
email-mention-outro = Um zu antworten, öffnen Sie in Gmail eine E-Mail von oder an diese Person und dann Sharebook in der Seitenleiste, oder suchen Sie sie auf der Startseite von Sharebook.
email-held-subject = { $count ->
    [one] Löschungen in „{ $label }“ zurückgehalten
   *[other] Löschungen in { $count } Ihrer Labels zurückgehalten
}
email-held-intro = { $sender } hat in den eigenen Google Kontakten viele Kontakte Ihrer Labels auf einmal gelöscht. Sharebook hat diese Löschungen zurückgehalten: Die Kontakte sind für alle weiterhin in den Labels.
email-held-item = „{ $label }“: { $count ->
    [one] 1 Kontakt
   *[other] { $count } Kontakte
}
email-held-outro = Öffnen Sie das Label in Sharebook (Seitenleiste von Gmail), um sie für alle zu löschen oder zu behalten.
email-feed-subject = { $count ->
    [one] Der CRM-Feed von „{ $label }“ ist pausiert
   *[other] { $count } CRM-Feeds sind pausiert
}
email-feed-intro = Sharebook liest Ihr CRM für diese Labels nicht mehr:
email-feed-item = „{ $label }“ aus { $account }: { $reason }
email-feed-outro = Bis Sie ihn erneut verbinden, erreichen Änderungen im CRM das Label nicht. Öffnen Sie den CRM-Feed des Labels in Sharebook (Seitenleiste von Gmail) und verbinden Sie ihn erneut.
email-why = { $kind ->
    [invitation] Sie erhalten diese E-Mail, weil ein Label mit { $recipient } geteilt wurde.
    [mention] Sie erhalten diese E-Mail, weil Sie als { $recipient } erwähnt wurden.
    [held_deletions] Sie erhalten diese E-Mail, weil Ihnen diese Labels gehören ({ $recipient }).
   *[feed_paused] Sie erhalten diese E-Mail, weil Sie diese Feeds verbunden haben ({ $recipient }).
}
email-stop = Um diese E-Mails abzubestellen, öffnen Sie Sharebook in Gmail, dann „E-Mail-Benachrichtigungen“ auf der Startseite, und entfernen Sie das Häkchen bei „{ $setting }“.
sharing-reinvite = Einladung erneut an { $grantee } senden
done-reinvited = Einladung erneut an { $grantee } gesendet
home-email-settings = E-Mail-Benachrichtigungen
email-settings-intro = Sharebook schreibt Ihnen im Namen der betroffenen Kollegin oder des Kollegen, wenn etwas Sie betrifft. Entfernen Sie die Häkchen bei allem, was Sie nicht möchten.
email-settings-label = Mir schreiben, wenn
error-mention-unreachable = Nicht veröffentlicht: { $who } kann dieses Label nicht sehen und würde daher nicht benachrichtigt. Teilen Sie zuerst das Label oder entfernen Sie die Erwähnung.

## Duplicates within a label
label-duplicates = Duplikate finden
duplicates-title = Wahrscheinliche Duplikate
duplicates-same-email = Gleiche E-Mail-Adresse
duplicates-same-phone = Gleiche Telefonnummer
duplicates-pair = { $a } und { $b }
duplicates-review = Prüfen und zusammenführen
duplicates-none = Keine zwei Kontakte dieses Labels haben eine gemeinsame E-Mail-Adresse oder Telefonnummer.
merge-title = Kontakte zusammenführen
merge-intro = { $other } wird in { $kept } zusammengeführt: jede E-Mail-Adresse, Telefonnummer, Anschrift und jedes benutzerdefinierte Feld beider, jeweils einmal. Haben beide einen Namen, eine Firma oder eine Position, wird der Wert von { $other } zu einem benutzerdefinierten Feld; Notizen werden zusammengefügt. Danach wird { $other } gelöscht (wiederherstellbar) und seine Kommentare werden übertragen.
merge-confirm = In { $kept } zusammenführen
merge-keep-other = Stattdessen { $other } behalten
merge-refused = Diese beiden Kontakte lassen sich so nicht zusammenführen: Bearbeiten Sie zuerst einen davon.
merge-done = { $other } wurde in { $kept } zusammengeführt. Die Zusammenführung lässt sich im Verlauf rückgängig machen.
merge-undo = Zusammenführung rückgängig machen
merge-undone = Zusammenführung rückgängig gemacht: Beide Kontakte sind wie zuvor.
merge-undo-changed = Diese Zusammenführung lässt sich nicht mehr rückgängig machen: Einer der beiden Kontakte wurde seitdem geändert.
history-merged-from = In diesen Kontakt zusammengeführt: { $name }, dessen Verlauf folgt

## Contacts in and out by file
label-import-file = Aus einer Datei importieren
label-export-file = Exportieren
format-google = Google CSV
format-outlook = Outlook CSV
format-vcard = vCard
file-import-title = Kontakte importieren
file-import-intro = Fügen Sie diesem Label Kontakte aus einer Google-CSV-, Outlook-CSV- oder vCard-Datei hinzu (bis zu { $max } Kontakte). Sie sehen den Inhalt der Datei, bevor etwas hinzugefügt wird.
file-import-choose = Datei auswählen…
file-link-note = Der Link funktioniert einmal, { $minutes ->
    [one] eine Minute lang
   *[other] { $minutes } Minuten lang
}.
file-review = Import von { $file } prüfen
file-preview-title = Importvorschau
file-preview-file = Datei
file-preview-kind = { $file } ({ $format })
file-preview-rows = Kontakte
file-preview-counts = { $total ->
    [one] Eine Zeile
   *[other] { $total } Zeilen
}: { $new } neu, { $matched } passend zu einem vorhandenen Kontakt, { $rejected } abgelehnt
file-preview-rejected = Abgelehnte Zeilen
file-rejected-field = Zeile { $line } · { $field }: { $why }
file-rejected-row = Zeile { $line }: { $why }
file-rejected-more = …und { $count ->
    [one] eine weitere
   *[other] { $count } weitere
}
file-preview-gone = Dieser Import wurde bereits bestätigt oder abgebrochen.
file-preview-nothing = Keine Zeile dieser Datei kann importiert werden.
file-on-match = Für Kontakte, die schon im Label sind (gleiche E-Mail-Adresse oder Telefonnummer)
file-on-match-skip = So lassen, wie sie sind
file-on-match-fill = Nur ihre leeren Felder füllen
file-on-match-overwrite = Mit den Werten der Datei überschreiben (Felder, die die Datei leer lässt, bleiben)
file-on-match-invalid = Wählen Sie, was mit passenden Kontakten geschehen soll.
file-confirm = Import starten
file-cancel = Import abbrechen
file-import-queued = Import gestartet: Der Fortschritt erscheint beim Label.
file-import-cancelled = Import abgebrochen; nichts wurde hinzugefügt.
file-import-progress = { $file } wird importiert: { $done } von { $total }…
file-import-failed = Der Import von { $file } wurde angehalten: { $why }
file-import-no-access = Das Mitglied, das ihn gestartet hat, darf diesem Label keine Kontakte mehr hinzufügen. Bereits Importiertes bleibt.
file-import-done = { $file } importiert von { $who }: { $created } hinzugefügt, { $updated } aktualisiert, { $skipped } unverändert.
file-undo = Diesen Import rückgängig machen
file-undone = Import rückgängig gemacht: { $removed ->
    [one] ein Kontakt entfernt
   *[other] { $removed } Kontakte entfernt
}, { $restored ->
    [one] einer wiederhergestellt
   *[other] { $restored } wiederhergestellt
}.
file-undo-edited = Dieser Import lässt sich nicht mehr rückgängig machen: { $count ->
    [one] Einer seiner Kontakte wurde
   *[other] { $count } seiner Kontakte wurden
} seitdem geändert.
file-export-title = Kontakte exportieren
file-export-intro = Laden Sie die Kontakte dieses Labels so, wie Sie sie sehen, im Format Ihrer Wahl herunter.
file-export-outlook-limits = Outlook CSV fasst höchstens 3 E-Mail-Adressen, 6 Telefonnummern, 3 Anschriften und 4 benutzerdefinierte Felder pro Kontakt; die anderen Formate fassen alles.
file-download = Herunterladen
file-page-title = Kontakte importieren
file-page-intro = Wählen Sie eine Google-CSV-, Outlook-CSV- oder vCard-Datei, die in „{ $label }“ importiert werden soll (bis zu { $max } Kontakte), oder fügen Sie unten vCards ein. Nichts wird hinzugefügt, bevor Sie in Sharebook bestätigen.
file-page-file = Datei
file-page-paste = Oder vCards einfügen
file-page-send = Datei lesen
file-page-none = Wählen Sie zuerst eine Datei oder fügen Sie vCards ein.
file-page-unreadable = Das Hochladen wurde unterbrochen. Bitte versuchen Sie es erneut.
file-page-received-title = Datei empfangen
file-page-received = { $file }: { $count ->
    [one] ein Kontakt gelesen
   *[other] { $count } Kontakte gelesen
}, { $rejected } abgelehnt.
file-page-close = Schließen Sie dieses Fenster: Sharebook zeigt Ihnen die Vorschau, bevor etwas importiert wird.
file-page-link-gone-title = Dieser Link funktioniert nicht mehr
file-page-link-gone = Er wurde schon benutzt, ist abgelaufen, oder Sie dürfen diesem Label keine Kontakte mehr hinzufügen. Öffnen Sie den Import erneut in Sharebook.
file-page-failed-title = Etwas ist schiefgegangen
file-too-large = Die Datei ist größer als { $max } MB.
file-empty = Die Datei ist leer.
file-not-text = Dies ist keine Textdatei: Wählen Sie eine CSV- oder vCard-Datei.
file-no-contacts = Die Datei enthält keine Kontakte.
file-too-many = Die Datei enthält { $count } Kontakte; höchstens { $max } können auf einmal importiert werden. Teilen Sie sie auf und importieren Sie jeden Teil.
file-unknown-format = Diese Datei ist weder eine Google-CSV-, noch eine Outlook-CSV-, noch eine vCard-Datei.
file-row-unreadable = die Zeile ist nicht lesbar
file-card-unterminated = die Karte endet vor END:VCARD
