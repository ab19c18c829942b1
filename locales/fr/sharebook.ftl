# Sharebook, français : chaque texte qu'un utilisateur lit. Les autres langues ont exactement ces
# identifiants et ces variables (un test le vérifie). Les nombres choisissent le pluriel avec [one] et *[other].

## Mots partagés
role-viewer = Lecteur
role-editor = Éditeur
role-deleter = Suppresseur
role-manager = Gestionnaire
role-owner = Propriétaire
field-name = Nom
field-emails = Adresses e-mail
field-phones = Numéros de téléphone
field-organization = Entreprise
field-title = Poste
field-addresses = Adresses postales
field-notes = Notes
field-custom = Autres champs
recipient-to = À
recipient-cc = Cc
recipient-bcc = Cci
outside-sharing-allowed = Autorisé avec tout le monde
outside-sharing-listed = Seulement avec les domaines listés ci-dessous
outside-sharing-never = Jamais
approver-owner = Le propriétaire du libellé
approver-admins = Les administrateurs du domaine
audit-action-share-added = Partagé
audit-action-role-changed = Rôle modifié
audit-action-hidden-fields-changed = Champs masqués modifiés
audit-action-access-revoked = Accès révoqué
audit-action-ownership-transferred = Propriété transférée
audit-action-label-created = Libellé créé
audit-action-label-renamed = Libellé renommé
audit-action-label-deleted = Libellé supprimé
audit-action-contact-deleted = Contact supprimé
audit-action-contact-restored = Contact restauré
audit-action-feed-connected = Flux CRM connecté
audit-action-feed-disconnected = Flux CRM déconnecté
audit-action-policy-changed = Règle modifiée
audit-action-deletions-held = Suppressions retenues
audit-action-held-approved = Suppressions retenues approuvées
audit-action-held-dismissed = Suppressions retenues écartées
audit-action-user-offboarded = Départ d'un utilisateur
origin-side-panel = Panneau latéral
origin-google-contacts = Google Contacts
origin-feed = Flux CRM
origin-admin-card = Fiche d'administration
account-active = actif
account-suspended = suspendu
account-deleted = supprimé

## Refus affichés sous un champ
error-single-line = Utilisez une seule ligne.
error-control-characters = Retirez de ce texte les caractères de contrôle invisibles (comme NUL).
error-too-long = Utilisez au plus { $max } caractères.
error-label-name-empty = Saisissez un nom pour le libellé.
error-share-not-allowed = Seuls les gestionnaires et le propriétaire peuvent modifier les accès.
error-share-above-own-rights = Vous pouvez donner au plus le rôle de gestionnaire.
error-share-owner-untouchable = L'accès du propriétaire ne change qu'en transférant la propriété.
error-share-target-above = Le rôle de ce membre est supérieur au vôtre.
error-comment-empty = Écrivez d'abord quelque chose.
error-comment-public-not-allowed = Votre rôle ne vous permet d'écrire que des commentaires privés.
error-offboard-no-recipient = Saisissez l'adresse du collègue qui reprend les libellés.
error-offboard-same-person = Les libellés doivent aller à quelqu'un d'autre.
error-offboard-outside-domain = Le nouveau propriétaire doit faire partie de { $domain }.
error-offboard-not-a-user = { $email } n'a pas encore utilisé Sharebook (ou est parti) : demandez-lui de l'ouvrir une fois dans Gmail.
refusal-outside-never = Votre administrateur n'autorise pas le partage de libellés en dehors de { $home }.
refusal-outside-not-listed = Votre administrateur n'autorise le partage en dehors de { $home } qu'avec { $count ->
    [0] aucun domaine pour l'instant
   *[other] { $listed }
} ; { $domain } n'en fait pas partie.
refusal-outside-above-max = Les personnes extérieures à { $home } peuvent recevoir au plus le rôle { $max }.
refusal-domain-shares-off = Votre administrateur n'autorise pas le partage d'un libellé avec tout { $home }.
refusal-feeds-off = Votre administrateur n'autorise pas la connexion de flux CRM.
policy-error-outside = Choisissez comment les libellés peuvent être partagés à l'extérieur.
policy-error-domain = “{ $domain }” n'est pas un domaine comme partner.com.
policy-error-no-domains = Indiquez au moins un domaine, ou choisissez une autre option.
policy-error-outside-max = Choisissez un rôle entre Lecteur et Gestionnaire.
policy-error-guard-percent = Saisissez un pourcentage de 0 à 100.
policy-error-guard-at-least = Saisissez un nombre de contacts de 1 à 100000.
policy-error-approver = Choisissez qui approuve les suppressions retenues.
filter-error-out-of-range = Cette date est hors limites.
filter-error-date = “{ $date }” n'est pas une date comme 2026-12-31.
filter-error-action = Action inconnue.
filter-error-end-before-start = La date de fin précède la date de début.
error-contact-name-empty = Saisissez un nom.
error-not-an-email = “{ $value }” n'est pas une adresse e-mail.
error-not-a-phone = “{ $value }” n'est pas un numéro de téléphone.
error-custom-line = Écrivez “{ $value }” sous la forme clé : valeur.
error-too-many = Utilisez au plus { $max } entrées.
error-address-too-long = Utilisez au plus { $max } caractères par adresse.

## Mots communs aux fiches
you = vous
never = jamais
unknown = inconnu
n-contacts = { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}

## Page d'accueil
home-label-detail = { $role } · { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}
home-label-not-synced = {" "}· non synchronisé : vous l'avez supprimé dans Google Contacts
home-sync-again = Synchroniser de nouveau “{ $label }” avec mon Google Contacts
home-feed-paused = {" "}· flux Capsule en pause (dernière exécution réussie : { $last })
home-fix-feed = Réparer le flux Capsule de “{ $label }”
home-empty = Vous n'avez encore aucun libellé partagé. Un libellé est un ensemble de contacts que vous partagez avec des collègues, chacun avec un rôle : ils voient ses contacts ici dans Gmail et dans leur propre Google Contacts.
home-first-labels = Vos { $count } premiers libellés, par nom.
home-share-google-label = Partager un libellé de Google Contacts
home-admin = Administration
home-sync-now = Synchroniser maintenant
home-your-labels = Vos libellés
home-create-label = Créer un libellé
home-find-people = Trouver des personnes
home-search-label = Rechercher des contacts (nom, e-mail, téléphone, entreprise)
home-search = Rechercher
home-mentions = Mentions
sync-in-step-since = À jour (dernière mise à jour { $when })
sync-in-step = À jour
sync-on-their-way = { $count ->
    [one] { $count } modification en cours d'envoi
   *[other] { $count } modifications en cours d'envoi
}
sync-failed = { $count ->
    [one] { $count } modification en attente
   *[other] { $count } modifications en attente
}. La dernière tentative a échoué : { $error }. Sharebook réessaie automatiquement.
sync-your-google-contacts = Votre Google Contacts

## Un libellé
previous-page = Page précédente
next-page = Page suivante
label-subtitle = Votre rôle : { $role } · { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}
label-group-deleted = Vous avez supprimé ce libellé dans Google Contacts, Sharebook a donc cessé de vous le synchroniser. Ses contacts sont toujours partagés ici.
label-sync-again = Le synchroniser de nouveau avec mon Google Contacts
label-import-stopped = Le partage depuis Google Contacts s'est arrêté : { $why }
label-import-progress = Partage depuis Google Contacts : { $done } contacts lus sur { $total }. Ils apparaissent ici au fur et à mesure.
label-held = { $count ->
    [one] { $count } suppression faite dans Google Contacts par { $member } a été retenue
   *[other] { $count } suppressions faites dans Google Contacts par { $member } ont été retenues
} : trop à la fois. Les contacts sont toujours ici et de retour dans son Google Contacts.
label-held-by-admins = Votre administrateur examine les suppressions retenues dans ce domaine.
label-held-delete = Les supprimer
label-held-keep = Les conserver
label-empty-add = Aucun contact pour l'instant. Ajoutez-en un, ou ouvrez un e-mail et ajoutez son expéditeur.
label-empty = Aucun contact pour l'instant.
label-add-contact = Ajouter un contact
label-sharing = Partage
label-deleted-contacts = Contacts supprimés
label-sync-on = Synchroniser avec mon Google Contacts
label-sync-off = Ne plus synchroniser avec mon Google Contacts
label-feed = Flux Capsule CRM
label-connect-feed = Connecter Capsule CRM
label-settings = Paramètres du libellé

## Un contact
you-capital = Vous
edit = Modifier
delete = Supprimer
restore = Restaurer
remove = Retirer
save = Enregistrer
cancel = Annuler
comments = Commentaires
comment-box = Ajouter un commentaire
comment-box-private = Ajouter un commentaire privé (vous seul le verrez)
contact-clash = Au même moment, { $mine ->
    [yes] vous avez saisi
   *[no] { $who } a saisi
} “{ $typed }” pour { $field } dans Google Contacts ; “{ $kept }” a été conservé. Cette valeur figure dans l'historique.
contact-deleted = Ce contact a été supprimé.
contact-no-details = Aucun autre détail.
contact-history = Historique
comments-none = Aucun commentaire pour l'instant.
comment-who-sees = Qui le voit
comment-everyone = Tous ceux qui ont accès au libellé
comment-only-me = Moi seul
comment-post = Publier le commentaire
contact-source = Source
contact-source-crm = Capsule CRM ({ $account }) : les modifications faites là-bas remplacent les mêmes champs ici
contact-source-hand = Ajouté à la main : ne vient pas de Capsule CRM ({ $account })
contact-last-changed = Dernière modification par { $who }, { $when }
contact-subtitle = { $label } · votre rôle : { $role }
comment-public = Public
comment-private = Privé : vous seul le voyez

## Listes : recherche, mentions, historique, contacts supprimés, rédaction
search-nobody = Personne trouvé.
search-more = Plus
search-results = Résultats de recherche
mention-row = { $author } sur { $contact } · { $when }
open-name = Ouvrir { $name }
mentions-none = Personne ne vous a encore mentionné.
history-row = { $action ->
    [create] Ajouté
    [delete] Supprimé
    [restore] Restauré
    [clash] Non appliqué (modifié dans le panneau latéral au même moment) : saisi
    [merge] Fusionné avec un autre contact
    [unmerge] Fusion annulée
   *[edit] Modifié
}{ $via ->
    [google] {" "}dans Google Contacts par { $who }
    [capsule] {" "}dans Capsule CRM (flux connecté par { $who })
    [file] {" "}depuis le fichier { $file } par { $who }
   *[panel] {" "}par { $who }
} · { $when }
history-change-clash = { $field } : { $new } (conservé : { $old })
history-change-added = { $field } : { $new }
history-change-removed = { $field } : { $old } retiré
history-change = { $field } : { $old } → { $new }
history-none = Aucun historique.
history-title = Historique de { $name }
deleted = Supprimé
restore-name = Restaurer { $name }
deleted-none = Rien n'a été supprimé récemment.
back-to-label = Retour au libellé
deleted-notice = “{ $name }” a été supprimé de { $label }.
undo = Annuler
contact-deleted-title = Contact supprimé
compose-title = Insérer des contacts partagés
compose-subtitle = Les adresses d'un libellé, ajoutées au brouillon
compose-add-as = Ajouter en
compose-add-label = Ajouter { $label } ({ $count })
compose-no-contacts = Aucun de vos libellés n'a encore de contacts.
compose-note = Les adresses déjà présentes dans le brouillon ne sont pas ajoutées à nouveau. Cci cache les adresses des membres les uns aux autres.

## Les personnes d'un e-mail ouvert
message-nobody-else = Personne d'autre dans cet e-mail.
message-people = { $count ->
    [one] { $count } personne dans cet e-mail
   *[other] { $count } personnes dans cet e-mail
}
message-in-label = Dans { $label } · vous êtes { $role }
message-everyone = Tous ceux qui ont accès
message-open-contact = Ouvrir le contact
message-comment-cut = … (Ouvrez le contact pour tout lire)
message-not-in-label = Dans aucun libellé que vous voyez.
message-no-writable-label = Vous n'avez aucun libellé auquel ajouter des contacts.
message-label = Libellé
message-add-to-label = Ajouter à un libellé

## Formulaires
form-one-per-line = { $field } (un par ligne)
form-duplicate = { $name }, dans ce libellé, a { $what ->
    [email] une adresse e-mail
   *[phone] un numéro de téléphone
} que vous avez saisi.
form-save-anyway = Enregistrer quand même
form-new-contact = Nouveau contact
form-edit-contact = Modifier le contact
form-new-label = Nouveau libellé
form-new-label-subtitle = Les contacts que vous y ajoutez peuvent être partagés avec votre équipe
form-label-name = Nom du libellé
form-label-name-hint = Par exemple : Clients, Fournisseurs
form-create = Créer
form-comment = Commentaire
form-delete-comment = Supprimer le commentaire
form-edit-comment = Modifier le commentaire
settings-rename = Renommer
settings-share-first = Pour confier ce libellé à quelqu'un, partagez-le d'abord avec cette personne.
settings-transfer-to = Transférer la propriété à
settings-transfer = Transférer la propriété
settings-delete-label = Supprimer le libellé
settings-title = Paramètres de { $label }
settings-subtitle = Vous seul, le propriétaire, voyez ceci
settings-delete-warning = Supprimer “{ $label }” retire { $count ->
    [one] son contact
   *[other] ses { $count } contacts
}, leurs commentaires et leur historique, pour tous ceux avec qui il est partagé. C'est irréversible.
settings-delete-everyone = Supprimer pour tout le monde
settings-delete-title = Supprimer le libellé ?

## Partage
your-role = Votre rôle : { $role }
sharing-pending = { $role } · en attente : n'a pas encore ouvert Sharebook
sharing-change = Modifier ou révoquer { $grantee }
sharing-grantee = E-mail, adresse de groupe ou domaine
sharing-with = Partager avec
sharing-person = Une personne
sharing-group = Un groupe Google
sharing-domain = Tout un domaine
sharing-share = Partager
sharing-title = Partage de { $label }
sharing-group-name = Groupe : { $grantee }
sharing-domain-name = Tout { $grantee }
sharing-role = Rôle
sharing-access-for = Accès pour
sharing-hide = Leur masquer (ni affiché, ni synchronisé)
sharing-revoke = Révoquer l'accès
sharing-revoke-warning = { $kind ->
    [group] Aucun membre de { $grantee } ne verra plus
    [domain] Personne chez { $grantee } ne verra plus
   *[user] { $grantee } ne verra plus
} “{ $label }”, et ses contacts seront retirés de leur Google Contacts (sauf si un autre partage les atteint encore).
sharing-revoke-title = Révoquer l'accès ?

## Flux CRM
feed-connect-intro = Connectez un compte Capsule CRM : ses personnes et organisations avec un e-mail, un téléphone ou une adresse deviennent des contacts de ce libellé, et les modifications faites dans Capsule parviennent à tout le monde. Rien n'est jamais écrit dans Capsule.
feed-no-keys = Les flux CRM ne sont pas configurés sur ce serveur : son administrateur doit d'abord définir CRM_TOKEN_KEYS.
feed-sign-in = Se connecter avec Capsule
feed-sign-in-note = Se connecter en tant qu'administrateur Capsule rend les mises à jour instantanées. Ou collez un jeton :
feed-token = Jeton d'accès personnel Capsule
feed-token-help = Dans Capsule : My Preferences → API Authentication Tokens → Generate new API token. Sharebook le stocke chiffré et ne l'affiche plus jamais.
feed-connect = Connecter
feed-choose-intro = Connecté à { $account }. Quelles fiches ce libellé doit-il reprendre ?
feed-parties = Fiches
feed-parties-all = Chaque personne et organisation avec des coordonnées
feed-parties-tagged = Seulement celles avec une étiquette cochée ci-dessous
feed-no-tags = Ce compte Capsule n'a pas encore d'étiquettes.
feed-tags = Étiquettes
feed-save-and-sync = Enregistrer et synchroniser
feed-choose-title = Choisir les fiches
feed-n-parties = { $count ->
    [one] { $count } fiche
   *[other] { $count } fiches
}
feed-account = Compte Capsule
feed-account-value = { $name } ({ $url }) · jeton de { $user }
feed-connected-by = Connecté par
feed-connected-by-value = { $who } · { $how ->
    [hooks] mises à jour instantanées (REST hooks), vérifiées aussi à chaque relevé
    [oauth] connecté ; les mises à jour instantanées nécessitent un administrateur Capsule, le flux relève donc régulièrement
   *[token] jeton personnel ; lit ce qui a changé à chaque relevé
}
feed-paused = En pause : { $reason } Dernière exécution réussie : { $last }.
feed-importing = Premier import en cours : { $pages } pages de 100 fiches lues.
feed-setup = Choisissez les fiches à reprendre pour lancer l'import.
feed-paused-word = en pause
feed-runs = Exécutions
feed-runs-value = Dernière : { $last } · dernière réussie : { $success } · prochaine : { $next }
feed-taking = Reprend
feed-taking-all = chaque fiche avec un e-mail, un téléphone ou une adresse
feed-taking-tagged = les fiches étiquetées { $tags }
feed-in-label = Dans ce libellé
feed-in-label-value = { $taken } reprises · { $removed } retirées (supprimées, restreintes ou désormais sans coordonnées)
feed-filtered = {" "}· { $filtered } hors des étiquettes choisies
feed-skipped = { $parties } ignorées : { $reason }
feed-unreadable = { $parties } illisibles
feed-last-error = Dernière erreur : { $error }
feed-requests = { $count } requêtes envoyées à Capsule jusqu'ici (Capsule en autorise 4 000 par heure et par utilisateur).
feed-change-parties = Changer les fiches reprises
feed-connect-again = Reconnecter
feed-disconnect = Déconnecter
feed-disconnect-warning = La déconnexion supprime le jeton stocké et arrête le flux depuis { $account }. Les contacts qu'il a apportés restent dans le libellé, comme des contacts ordinaires.
feed-disconnect-title = Déconnecter Capsule ?
feed-badge-paused = Le flux depuis Capsule CRM ({ $account }) est en pause : Capsule a refusé son jeton. Dernière exécution réussie : { $last }. Son propriétaire peut le reconnecter.
feed-badge-importing = Import depuis Capsule CRM ({ $account }) : { $parties } jusqu'ici. Elles apparaissent ici au fur et à mesure.
feed-badge-live = Alimenté par Capsule CRM ({ $account }) : { $parties } en viennent, et les modifications faites là-bas parviennent à tout le monde.

## Partager un libellé de Google Contacts
import-pick-intro = Choisissez un libellé que vous avez déjà dans Google Contacts pour le partager avec votre équipe.
import-pick-label = { $label } · { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}
import-pick-none = Chacun de vos libellés Google Contacts est déjà partagé, ou vous n'en avez pas encore.
import-pick-subtitle = Vos libellés dans Google Contacts
import-confirm-what = Sharebook crée un libellé partagé “{ $label }”, dont vous êtes propriétaire, avec { $count ->
    [one] son contact
   *[other] ses { $count } contacts
}. Vous pourrez ensuite le partager comme un document Google : chaque personne le reçoit dans son propre Google Contacts.
import-confirm-untouched = Votre Google Contacts reste exactement tel quel : les mêmes contacts, dans le même libellé, sans doublon. Sharebook les marque seulement comme partagés.
import-share = Partager “{ $label }”
import-confirm-title = Partager “{ $label }” ?
import-confirm-subtitle = Depuis votre Google Contacts

## Administration
and-more = Et { $count } de plus.
admin-install-domain = Installé pour tout le domaine depuis Workspace Marketplace
admin-install-users = Pas installé pour tout le domaine : chaque utilisateur l'a installé
admin-install-unchecked = Pas encore vérifié auprès du Marketplace
admin-install-unknown = Inconnu : l'API du Marketplace n'est pas configurée
admin-installation = Installation
admin-first-used = Première utilisation
admin-audit-log = Journal d'audit
admin-people = Personnes
admin-labels = Libellés
admin-domain = Domaine
admin-departed = { $email } possède des libellés mais son compte est { $status } : confiez ses libellés à quelqu'un.
admin-offboard-name = Gérer le départ de { $email }
admin-people-who-left = Personnes parties
admin-held = { $count ->
    [one] { $count } suppression faite
   *[other] { $count } suppressions faites
} dans Google Contacts par { $member }, retenue(s) le { $when }
admin-held-deletions = Suppressions retenues
admin-policies = Règles
admin-forbidden-note = Ces partages ont été faits avant le changement de règles. Rien n'a été révoqué de lui-même.
admin-forbidden-share = { $grantee } ({ $role }) : { $why }
admin-revoke-n = { $count ->
    [one] Révoquer ce partage
   *[other] Révoquer ces { $count } partages
}
admin-forbidden = Partages interdits par les règles
policy-outside = Partage en dehors du domaine
policy-domains = Domaines autorisés à l'extérieur (séparés par des virgules)
policy-outside-max = Rôle le plus élevé pour les personnes extérieures
policy-users-may = Les utilisateurs peuvent
policy-domain-shares = Partager un libellé avec tout le domaine
policy-feeds = Connecter un flux CRM à un libellé
policy-guard-percent = Retenir les suppressions faites dans Google Contacts au-delà de cette part d'un libellé (%)
policy-guard-at-least = … et d'au moins ce nombre à la fois
policy-approver = Qui approuve les suppressions retenues
policy-save = Enregistrer les règles
admin-revoke-warning = Révoquer { $count ->
    [one] { $count } partage
   *[other] { $count } partages
} ? Leurs bénéficiaires perdent l'accès et les contacts des libellés quittent leur Google Contacts. Chaque révocation figure dans le journal d'audit.
admin-revoke-title = Révoquer des partages
audit-who = Qui (adresse)
audit-label = Libellé (nom)
audit-any-action = Toute action
audit-action = Action
audit-from = Du (YYYY-MM-DD)
audit-until = Au (YYYY-MM-DD)
audit-filter = Filtrer
audit-download = Télécharger en CSV
audit-nothing = Aucun résultat.
audit-older = Entrées plus anciennes
audit-entries = Entrées, les plus récentes d'abord
audit-link-note = Le lien ci-dessous fonctionne une seule fois, pendant { $minutes } minutes, pour vous seul.
audit-link = Télécharger le journal d'audit (CSV)
audit-csv-title = Journal d'audit en CSV
admin-person-line = possède { $owned } libellés, { $shared } partagés · membre de { $member } · vu pour la dernière fois { $last }
admin-offboarded-at = {" "}· parti le { $when }
admin-open = Ouvrir
admin-nobody = Personne dans ce domaine n'a encore utilisé Sharebook.
admin-no-labels = Aucun libellé dans ce domaine pour l'instant.
admin-label-line = propriétaire { $owner } · { $size ->
    [one] { $size } contact
   *[other] { $size } contacts
} · partagé { $shares ->
    [one] une fois
   *[other] { $shares } fois
} · { $members ->
    [one] { $members } membre
   *[other] { $members } membres
}
admin-google-account = Compte Google
admin-person-labels = possède { $owned } ({ $shared } partagés), membre de { $member }
admin-offboard-note = Le départ confie chaque libellé de cette personne au collègue ci-dessous, révoque ses partages et retire les contacts des libellés de son Google Contacts. Il figure dans le journal d'audit.
admin-new-owner = Nouveau propriétaire (une adresse de { $domain })
admin-offboard = Gérer le départ
admin-account = Compte
admin-offboard-confirm = Confier { $owned } libellés de { $email } à { $recipient }, révoquer ses { $member } partages et retirer les libellés de son Google Contacts ?
draft-no-addresses = Ce libellé n'a aucune adresse que vous pouvez voir
draft-all-there = Tout le monde dans ce libellé est déjà dans le brouillon
draft-added = { $count ->
    [one] { $count } destinataire ajouté
   *[other] { $count } destinataires ajoutés
} à { $field }{ $there ->
    [0] {""}
   *[other] {" "}({ $there } déjà présents)
}

## Fiches d'erreur
error-reference = Référence
error-sign-in = Connexion nécessaire
error-sign-in-text = Google n'a pas indiqué à Sharebook qui vous êtes. Rechargez Gmail ; si cela persiste, demandez à votre administrateur de réinstaller Sharebook avec l'autorisation userinfo.email.
error-not-found = Non disponible
error-not-found-text = Cet élément n'existe pas, ou vous n'y avez plus accès.
error-not-allowed = Non autorisé
error-not-allowed-text = Vous êtes { $role ->
    [owner] le propriétaire
    [manager] gestionnaire
    [deleter] suppresseur
    [editor] éditeur
   *[viewer] lecteur
} de ce libellé ; { $action ->
    [view] le voir
    [comment-privately] commenter
    [comment-publicly] commenter pour tout le monde
    [add-contact] ajouter des contacts
    [edit-contact] modifier des contacts
    [delete-contact] supprimer ou restaurer des contacts
    [moderate-comments] retirer les commentaires des autres
    [manage-shares] gérer les accès
    [hide-fields] masquer des champs
    [rename-label] renommer le libellé
    [delete-label] supprimer le libellé
    [transfer-ownership] transmettre le libellé
    [choose-sync] choisir la synchronisation
    [review-held-deletions] examiner les suppressions retenues
   *[manage-feed] connecter un CRM
} demande le rôle { $needed ->
    [owner] de propriétaire
    [manager] de gestionnaire
    [deleter] de suppresseur
    [editor] d'éditeur
   *[viewer] de lecteur
} ou plus. Demandez-le au propriétaire du libellé ou à un gestionnaire si vous en avez besoin.
error-google = Google Contacts n'a pas répondu
error-google-text = Sharebook n'a pas pu lire votre Google Contacts pour l'instant. Rien n'a été modifié. Réessayez dans un moment.
error-unexpected = Une erreur s'est produite
error-unexpected-text = Sharebook n'a pas pu terminer. Rien n'a été modifié. Réessayez dans un moment ; si le problème persiste, donnez cette référence à votre administrateur.

## Réponses des actions
search-too-short = Saisissez au moins deux caractères.
error-label-name-taken = Vous avez déjà un libellé nommé “{ $name }”.
done-label-created = Libellé créé
done-comment-added = Commentaire ajouté
done-comment-saved = Commentaire enregistré
done-comment-removed = Commentaire retiré
done-already-in-label = Déjà dans ce libellé ?
done-contact-added = Contact ajouté
done-someone-else-edited = Quelqu'un d'autre a modifié ce contact
done-saved-same-moment = Quelqu'un a enregistré au même moment : vérifiez et enregistrez de nouveau
done-saved = Enregistré
form-changed-meanwhile = { $who } a entre-temps remplacé cette valeur par : { $value }. Votre valeur est conservée ci-dessus ; enregistrez de nouveau pour l'utiliser.
form-empty = (vide)
done-contact-deleted = Contact supprimé
done-contact-restored = Contact restauré
done-held-deleted = Supprimés. Vous pouvez les restaurer depuis Contacts supprimés.
done-held-kept = Conservés. Rien n'a été supprimé.
done-sync-reading = Lecture de votre Google Contacts en cours
done-sync-nothing = Rien de Sharebook n'est encore dans votre Google Contacts
done-label-renamed = Libellé renommé
done-ownership-transferred = Propriété transférée
done-label-deleted = Libellé supprimé
import-name-refused = Ce nom ne peut pas être celui d'un libellé Sharebook : { $why }
import-name-taken = Vous avez déjà un libellé Sharebook nommé “{ $name }”. Renommez-le, ou le libellé Google, puis réessayez.
done-import-started = Partage en cours : ses contacts apparaissent ici au fur et à mesure
error-share-owner-has-all = Le propriétaire a déjà un accès complet.
done-shared = Partagé avec { $grantee } en tant que { $role }
error-share-groups-need-directory = Le partage avec des groupes nécessite que votre administrateur configure l'API Directory.
error-not-a-domain = “{ $value }” n'est pas un domaine comme example.com.
done-role-changed = Rôle modifié
done-access-revoked = Accès révoqué
feed-error-token-refused = Capsule n'a pas accepté ce jeton. Copiez-le de nouveau, en entier, depuis My Preferences → API Authentication Tokens.
feed-error-rate-limited = Cet utilisateur Capsule a épuisé ses requêtes pour cette heure. Réessayez plus tard.
feed-error-unreachable = Capsule est injoignable. Rien n'a été enregistré ; réessayez dans une minute.
feed-error-no-keys = Les flux CRM ne sont pas configurés sur ce serveur.
feed-error-no-token = Collez le jeton ici.
feed-error-not-a-token = Cela ne ressemble pas à un jeton Capsule : collez uniquement le jeton.
feed-error-no-tag = Cochez au moins une étiquette, ou reprenez toutes les fiches.
done-feed-connected = Connecté à Capsule
done-feed-saved = Enregistré : les contacts arrivent en arrière-plan
done-feed-syncing = Synchronisation en cours
done-feed-not-running = Le flux ne tourne pas : reconnectez-le d'abord
done-feed-disconnected = Déconnecté de Capsule
admin-directory-not-configured = Les comptes suspendus ou supprimés ne sont pas détectés : l'API Directory n'est pas configurée.
admin-directory-failed = Certains comptes n'ont pas pu être vérifiés auprès de l'annuaire pour l'instant.
done-nothing-changed = Rien n'a changé
done-policies-saved = Règles enregistrées
done-deleted = Supprimés
done-kept = Conservés
admin-status-not-configured = inconnu (l'API Directory n'est pas configurée)
admin-status-failed = inconnu (l'annuaire n'a pas pu être interrogé pour l'instant)
done-offboarded = { $labels ->
    [one] { $labels } libellé confié
   *[other] { $labels } libellés confiés
} à { $recipient }, { $shares ->
    [one] { $shares } partage révoqué
   *[other] { $shares } partages révoqués
}
feed-skip-no-details = ni e-mail, ni téléphone, ni adresse
feed-pause-refused = Capsule a refusé la connexion : le jeton a été révoqué ou a perdu son accès. Reconnectez pour reprendre.
feed-pause-not-owner = La personne qui l'a connecté n'est plus propriétaire de ce libellé. Le propriétaire peut le reconnecter.
feed-pause-keys = Son jeton stocké ne peut plus être lu (les clés du serveur ont changé). Reconnectez pour reprendre.

## Pages hors du module (fenêtre de connexion Capsule)
page-close-window = Vous pouvez fermer cette fenêtre.
page-not-connected = Non connecté
page-connected = Connecté
page-not-a-sign-in = Ce lien n'est pas une connexion Capsule de ce Sharebook.
page-sign-in-used = Ce lien de connexion a déjà servi ou est trop ancien. Ouvrez le flux Capsule du libellé dans Sharebook et reconnectez-vous.
page-no-access = Capsule n'a pas donné accès, rien n'a donc été connecté.
page-not-owner = Vous n'êtes plus propriétaire de ce libellé.
page-connected-hooks = { $account } est connecté à “{ $label }”, avec des mises à jour instantanées. De retour dans Gmail, choisissez les fiches à reprendre.
page-connected-polling = { $account } est connecté à “{ $label }”. Les mises à jour instantanées nécessitent la connexion d'un administrateur Capsule ; Sharebook vérifiera donc régulièrement les changements. De retour dans Gmail, choisissez les fiches à reprendre.
page-refused = Capsule a refusé la connexion ou est injoignable. Rien n'a été enregistré ; réessayez.
page-failed = Une erreur s'est produite de notre côté (référence { $reference }). Réessayez.
audit-link-used = Ce lien a déjà servi ou est trop ancien. Demandez-en un nouveau depuis la fiche d'administration.

## E-mails
email-kind-invitation = Un libellé est partagé avec moi
email-kind-mention = Quelqu'un me mentionne dans un commentaire
email-kind-held-deletions = Des suppressions sont retenues sur mon libellé
email-kind-feed-paused = Mon flux CRM est en pause
email-invitation-subject = { $count ->
    [one] { $sender } a partagé “{ $label }” avec vous
   *[other] { $sender } a partagé { $count } libellés avec vous
}
email-invitation-intro = { $count ->
    [one] { $sender } a partagé un libellé Google Contacts avec vous dans Sharebook :
   *[other] { $sender } a partagé { $count } libellés Google Contacts avec vous dans Sharebook :
}
email-invitation-item = “{ $label }”, en tant que { $role }, { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}{ $via ->
    [group] {" "}(partagé avec { $group }, un groupe dont vous faites partie)
   *[you] {""}
}
email-invitation-outro = { $count ->
    [one] Ses contacts arrivent déjà dans votre Google Contacts, dans un libellé du même nom.
   *[other] Leurs contacts arrivent déjà dans votre Google Contacts, chacun dans un libellé du même nom.
} Pour lire et écrire les commentaires de l'équipe, ouvrez un e-mail dans Gmail puis Sharebook dans le panneau latéral.
email-mention-subject = { $count ->
    [one] { $sender } vous a mentionné dans un commentaire sur { $contact }
   *[other] { $sender } vous a mentionné dans { $count } commentaires
}
email-mention-intro = { $count ->
    [one] { $sender } vous a mentionné dans un commentaire :
   *[other] { $sender } vous a mentionné dans { $count } commentaires :
}
email-mention-item = Sur { $contact }, dans “{ $label }” :
email-mention-outro = Pour répondre, ouvrez dans Gmail un e-mail de ou pour cette personne et ouvrez Sharebook dans le panneau latéral, ou cherchez-la depuis la page d'accueil de Sharebook.
email-held-subject = { $count ->
    [one] Suppressions retenues dans “{ $label }”
   *[other] Suppressions retenues dans { $count } de vos libellés
}
email-held-intro = { $sender } a supprimé d'un coup de nombreux contacts de vos libellés dans son Google Contacts. Sharebook a retenu ces suppressions : les contacts sont toujours dans les libellés, pour tout le monde.
email-held-item = “{ $label }” : { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}
email-held-outro = Ouvrez le libellé dans Sharebook (panneau latéral de Gmail) pour les supprimer pour tout le monde ou les conserver.
email-feed-subject = { $count ->
    [one] Le flux CRM de “{ $label }” est en pause
   *[other] { $count } flux CRM sont en pause
}
email-feed-intro = Sharebook a cessé de lire votre CRM pour ces libellés :
email-feed-item = “{ $label }” depuis { $account } : { $reason }
email-feed-outro = Tant que vous ne le reconnectez pas, les modifications faites dans le CRM n'arrivent pas dans le libellé. Ouvrez le flux CRM du libellé dans Sharebook (panneau latéral de Gmail) et reconnectez-le.
email-why = { $kind ->
    [invitation] Vous recevez cet e-mail parce qu'un libellé a été partagé avec { $recipient }.
    [mention] Vous recevez cet e-mail parce que vous avez été mentionné en tant que { $recipient }.
    [held_deletions] Vous recevez cet e-mail parce que vous êtes propriétaire de ces libellés ({ $recipient }).
   *[feed_paused] Vous recevez cet e-mail parce que vous avez connecté ces flux ({ $recipient }).
}
email-stop = Pour ne plus recevoir ces e-mails, ouvrez Sharebook dans Gmail, puis “Notifications par e-mail” sur sa page d'accueil, et décochez “{ $setting }”.
sharing-reinvite = Renvoyer l'invitation à { $grantee }
done-reinvited = Invitation renvoyée à { $grantee }
home-email-settings = Notifications par e-mail
email-settings-intro = Sharebook vous écrit, au nom du collègue concerné, quand quelque chose vous attend. Décochez ce que vous ne voulez pas recevoir.
email-settings-label = M'écrire quand
error-mention-unreachable = Non publié : { $who } ne peut pas voir ce libellé et ne serait donc pas prévenu. Partagez d'abord le libellé, ou retirez la mention.

## Duplicates within a label
label-duplicates = Trouver les doublons
duplicates-title = Doublons probables
duplicates-same-email = Même adresse e-mail
duplicates-same-phone = Même numéro de téléphone
duplicates-pair = { $a } et { $b }
duplicates-review = Vérifier et fusionner
duplicates-none = Aucun couple de contacts de ce libellé ne partage une adresse e-mail ou un numéro de téléphone.
merge-title = Fusionner des contacts
merge-intro = { $other } sera fusionné dans { $kept } : chaque adresse e-mail, numéro de téléphone, adresse postale et champ personnalisé des deux, une seule fois. Quand les deux ont un nom, une entreprise ou un poste, celui de { $other } devient un champ personnalisé ; les notes sont réunies. { $other } est ensuite supprimé (il peut être restauré) et ses commentaires sont déplacés.
merge-confirm = Fusionner dans { $kept }
merge-keep-other = Garder plutôt { $other }
merge-refused = Ces deux contacts ne peuvent pas être fusionnés tels quels : modifiez d'abord l'un d'eux.
merge-done = { $other } a été fusionné dans { $kept }. La fusion peut être annulée depuis l'historique.
merge-undo = Annuler cette fusion
merge-undone = Fusion annulée : les deux contacts sont comme avant.
merge-undo-changed = Cette fusion ne peut plus être annulée : l'un des deux contacts a changé depuis.
history-merged-from = Fusionné dans ce contact : { $name }, dont l'historique suit

## Contacts in and out by file
label-import-file = Importer depuis un fichier
label-export-file = Exporter
format-google = Google CSV
format-outlook = Outlook CSV
format-vcard = vCard
file-import-title = Importer des contacts
file-import-intro = Ajoutez à ce libellé les contacts d'un fichier Google CSV, Outlook CSV ou vCard (jusqu'à { $max } contacts). Vous verrez ce que contient le fichier avant que rien ne soit ajouté.
file-import-choose = Choisir un fichier…
file-link-note = Le lien ne sert qu'une fois, pendant { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
}.
file-review = Vérifier l'import de { $file }
file-preview-title = Aperçu de l'import
file-preview-file = Fichier
file-preview-kind = { $file } ({ $format })
file-preview-rows = Contacts
file-preview-counts = { $total ->
    [one] Une ligne
   *[other] { $total } lignes
} : { $new } nouveaux, { $matched } correspondant à un contact déjà présent, { $rejected } rejetés
file-preview-rejected = Lignes rejetées
file-rejected-field = Ligne { $line } · { $field } : { $why }
file-rejected-row = Ligne { $line } : { $why }
file-rejected-more = …et { $count ->
    [one] une autre
   *[other] { $count } autres
}
file-preview-gone = Cet import a déjà été confirmé ou annulé.
file-preview-nothing = Aucune ligne de ce fichier ne peut être importée.
file-on-match = Pour les contacts déjà dans le libellé (même adresse e-mail ou même numéro de téléphone)
file-on-match-skip = Les laisser tels quels
file-on-match-fill = Remplir seulement leurs champs vides
file-on-match-overwrite = Remplacer par les valeurs du fichier (les champs que le fichier laisse vides sont conservés)
file-on-match-invalid = Choisissez quoi faire des contacts correspondants.
file-confirm = Lancer l'import
file-cancel = Annuler l'import
file-import-queued = Import lancé : sa progression s'affiche sur le libellé.
file-import-cancelled = Import annulé ; rien n'a été ajouté.
file-import-progress = Import de { $file } : { $done } sur { $total }…
file-import-failed = L'import de { $file } s'est arrêté : { $why }
file-import-no-access = le membre qui l'a lancé ne peut plus ajouter de contacts à ce libellé. Ce qui a déjà été importé reste.
file-import-done = { $file } importé par { $who } : { $created } ajoutés, { $updated } mis à jour, { $skipped } laissés tels quels.
file-undo = Annuler cet import
file-undone = Import annulé : { $removed ->
    [one] un contact retiré
   *[other] { $removed } contacts retirés
}, { $restored ->
    [one] un remis comme avant
   *[other] { $restored } remis comme avant
}.
file-undo-edited = Cet import ne peut plus être annulé : { $count ->
    [one] un de ses contacts a été modifié
   *[other] { $count } de ses contacts ont été modifiés
} depuis.
file-export-title = Exporter des contacts
file-export-intro = Téléchargez les contacts de ce libellé, tels que vous les voyez, dans le format de votre choix.
file-export-outlook-limits = Outlook CSV contient au plus 3 adresses e-mail, 6 numéros de téléphone, 3 adresses postales et 4 champs personnalisés par contact ; les autres formats contiennent tout.
file-download = Télécharger
file-page-title = Importer des contacts
file-page-intro = Choisissez un fichier Google CSV, Outlook CSV ou vCard à importer dans “{ $label }” (jusqu'à { $max } contacts), ou collez des vCards ci-dessous. Rien n'est ajouté avant votre confirmation dans Sharebook.
file-page-file = Fichier
file-page-paste = Ou collez des vCards
file-page-send = Lire le fichier
file-page-none = Choisissez d'abord un fichier ou collez des vCards.
file-page-unreadable = L'envoi a été interrompu. Veuillez réessayer.
file-page-received-title = Fichier reçu
file-page-received = { $file } : { $count ->
    [one] un contact lu
   *[other] { $count } contacts lus
}, { $rejected } rejetés.
file-page-close = Fermez cette fenêtre : Sharebook vous montre l'aperçu avant d'importer quoi que ce soit.
file-page-link-gone-title = Ce lien ne fonctionne plus
file-page-link-gone = Il a déjà servi, il a expiré, ou vous ne pouvez plus ajouter de contacts à ce libellé. Relancez l'import depuis Sharebook.
file-page-failed-title = Un problème est survenu
file-too-large = Le fichier dépasse { $max } Mo.
file-empty = Le fichier est vide.
file-not-text = Ce n'est pas un fichier texte : choisissez un fichier CSV ou vCard.
file-no-contacts = Le fichier ne contient aucun contact.
file-too-many = Le fichier contient { $count } contacts ; { $max } au plus peuvent être importés à la fois. Découpez-le et importez chaque partie.
file-unknown-format = Ce fichier n'est ni un Google CSV, ni un Outlook CSV, ni un fichier vCard.
file-row-unreadable = la ligne est illisible
file-card-unterminated = la fiche s'arrête avant END:VCARD
