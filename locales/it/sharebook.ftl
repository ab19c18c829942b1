# Sharebook, italiano: ogni testo che un utente legge. Le altre lingue hanno esattamente questi id
# e queste variabili (un test lo verifica). I numeri scelgono le forme plurali con [one] e *[other].

## Parole condivise
role-viewer = Visualizzatore
role-editor = Editor
role-deleter = Eliminatore
role-manager = Gestore
role-owner = Proprietario
field-name = Nome
field-emails = Indirizzi email
field-phones = Numeri di telefono
field-organization = Azienda
field-title = Qualifica
field-addresses = Indirizzi postali
field-notes = Note
field-custom = Altri campi
recipient-to = A
recipient-cc = Cc
recipient-bcc = Ccn
outside-sharing-allowed = Consentita con chiunque
outside-sharing-listed = Solo con i domini elencati di seguito
outside-sharing-never = Mai
approver-owner = Il proprietario dell'etichetta
approver-admins = Gli amministratori del dominio
audit-action-share-added = Condivisa
audit-action-role-changed = Ruolo modificato
audit-action-hidden-fields-changed = Campi nascosti modificati
audit-action-access-revoked = Accesso revocato
audit-action-ownership-transferred = Proprietà trasferita
audit-action-label-created = Etichetta creata
audit-action-label-renamed = Etichetta rinominata
audit-action-label-deleted = Etichetta eliminata
audit-action-contact-deleted = Contatto eliminato
audit-action-contact-restored = Contatto ripristinato
audit-action-feed-connected = Feed CRM collegato
audit-action-feed-disconnected = Feed CRM scollegato
audit-action-policy-changed = Criteri modificati
audit-action-deletions-held = Eliminazioni sospese
audit-action-held-approved = Eliminazioni sospese approvate
audit-action-held-dismissed = Eliminazioni sospese respinte
audit-action-user-offboarded = Uscita utente gestita
origin-side-panel = Riquadro laterale
origin-google-contacts = Google Contatti
origin-feed = Feed CRM
origin-admin-card = Scheda amministratore
account-active = attivo
account-suspended = sospeso
account-deleted = eliminato

## Rifiuti mostrati accanto a un campo
error-single-line = Usa una sola riga.
error-control-characters = Rimuovi da questo testo i caratteri di controllo invisibili (come NUL).
error-too-long = Usa al massimo { $max } caratteri.
error-label-name-empty = Inserisci un nome per l'etichetta.
error-share-not-allowed = Solo i gestori e il proprietario possono cambiare chi ha accesso.
error-share-above-own-rights = Puoi assegnare al massimo il ruolo Gestore.
error-share-owner-untouchable = L'accesso del proprietario può cambiare solo trasferendo la proprietà.
error-share-target-above = Il ruolo di questo membro è superiore al tuo.
error-comment-empty = Prima scrivi qualcosa.
error-comment-public-not-allowed = Il tuo ruolo ti consente di scrivere solo commenti privati.
error-offboard-no-recipient = Digita l'indirizzo del collega che riceverà le etichette.
error-offboard-same-person = Le etichette devono andare a un'altra persona.
error-offboard-outside-domain = Il nuovo proprietario deve appartenere a { $domain }.
error-offboard-not-a-user = { $email } non ha ancora usato Sharebook (o la sua uscita è già stata gestita): chiedigli di aprirlo una volta in Gmail.
refusal-outside-never = L'amministratore non consente di condividere etichette al di fuori di { $home }.
refusal-outside-not-listed = L'amministratore consente la condivisione al di fuori di { $home } solo con { $count ->
    [0] nessun dominio per ora
   *[other] { $listed }
}; { $domain } non è tra questi.
refusal-outside-above-max = Le persone esterne a { $home } possono avere al massimo il ruolo { $max }.
refusal-domain-shares-off = L'amministratore non consente di condividere un'etichetta con tutto { $home }.
refusal-feeds-off = L'amministratore non consente di collegare feed CRM.
policy-error-outside = Scegli come si possono condividere le etichette all'esterno.
policy-error-domain = “{ $domain }” non è un dominio come partner.com.
policy-error-no-domains = Elenca almeno un dominio o scegli un'altra opzione.
policy-error-outside-max = Scegli un ruolo da Visualizzatore a Gestore.
policy-error-guard-percent = Digita una percentuale da 0 a 100.
policy-error-guard-at-least = Digita un numero di contatti da 1 a 100000.
policy-error-approver = Scegli chi approva le eliminazioni sospese.
filter-error-out-of-range = Questa data non è nell'intervallo consentito.
filter-error-date = “{ $date }” non è una data come 2026-12-31.
filter-error-action = Azione sconosciuta.
filter-error-end-before-start = La data di fine è precedente a quella di inizio.
error-contact-name-empty = Inserisci un nome.
error-not-an-email = “{ $value }” non è un indirizzo email.
error-not-a-phone = “{ $value }” non è un numero di telefono.
error-custom-line = Scrivi “{ $value }” come chiave: valore.
error-too-many = Usa al massimo { $max } voci.
error-address-too-long = Usa al massimo { $max } caratteri per indirizzo.

## Parole usate da molte schede
you = te
never = mai
unknown = sconosciuto
n-contacts = { $count ->
    [one] { $count } contatto
   *[other] { $count } contatti
}

## Pagina iniziale
home-label-detail = { $role } · { $count ->
    [one] { $count } contatto
   *[other] { $count } contatti
}
home-label-not-synced = {" "}· non sincronizzata: l'hai eliminata in Google Contatti
home-sync-again = Sincronizza di nuovo “{ $label }” con i miei Google Contatti
home-feed-paused = {" "}· feed Capsule in pausa (ultima esecuzione riuscita: { $last })
home-fix-feed = Ripara il feed Capsule di “{ $label }”
home-empty = Non hai ancora etichette condivise. Un'etichetta è un insieme di contatti che condividi con i colleghi, ognuno con un ruolo: ne vedono i contatti qui in Gmail e nei propri Google Contatti.
home-first-labels = Ecco le tue prime { $count } etichette, per nome.
home-share-google-label = Condividi un'etichetta di Google Contatti
home-admin = Amministrazione
home-sync-now = Sincronizza ora
home-your-labels = Le tue etichette
home-create-label = Crea etichetta
home-find-people = Trova persone
home-search-label = Cerca contatti (nome, email, telefono, azienda)
home-search = Cerca
home-mentions = Menzioni
sync-in-step-since = Sincronizzato (ultimo aggiornamento { $when })
sync-in-step = Sincronizzato
sync-on-their-way = { $count ->
    [one] 1 modifica in arrivo
   *[other] { $count } modifiche in arrivo
}
sync-failed = { $count ->
    [one] 1 modifica in attesa
   *[other] { $count } modifiche in attesa
}. L'ultimo tentativo non è riuscito: { $error }. Sharebook riprova automaticamente.
sync-your-google-contacts = I tuoi Google Contatti

## Un'etichetta
previous-page = Pagina precedente
next-page = Pagina successiva
label-subtitle = Il tuo ruolo: { $role } · { $count ->
    [one] { $count } contatto
   *[other] { $count } contatti
}
label-group-deleted = Hai eliminato questa etichetta in Google Contatti, quindi Sharebook ha smesso di sincronizzarla per te. I suoi contatti sono ancora condivisi qui.
label-sync-again = Sincronizzala di nuovo con i miei Google Contatti
label-import-stopped = Condivisione da Google Contatti interrotta: { $why }
label-import-progress = Condivisione da Google Contatti: { $done } contatti letti su { $total }. Compaiono qui man mano che vengono letti.
label-held = { $count ->
    [one] 1 eliminazione fatta in Google Contatti da { $member } è stata sospesa
   *[other] { $count } eliminazioni fatte in Google Contatti da { $member } sono state sospese
}: troppe in una volta. I contatti sono ancora qui e di nuovo nei suoi Google Contatti.
label-held-by-admins = In questo dominio le eliminazioni sospese vengono esaminate dall'amministratore.
label-held-delete = Eliminali
label-held-keep = Mantienili
label-empty-add = Ancora nessun contatto. Aggiungine uno oppure apri un'email e aggiungi il mittente.
label-empty = Ancora nessun contatto.
label-add-contact = Aggiungi contatto
label-sharing = Condivisione
label-deleted-contacts = Contatti eliminati
label-sync-on = Sincronizza con i miei Google Contatti
label-sync-off = Interrompi la sincronizzazione con i miei Google Contatti
label-feed = Feed Capsule CRM
label-connect-feed = Collega Capsule CRM
label-settings = Impostazioni etichetta

## Un contatto
you-capital = Tu
edit = Modifica
delete = Elimina
restore = Ripristina
remove = Rimuovi
save = Salva
cancel = Annulla
comments = Commenti
comment-box = Aggiungi un commento
comment-box-private = Aggiungi un commento privato (lo vedrai solo tu)
contact-clash = Nello stesso momento, { $mine ->
    [yes] hai digitato
   *[no] { $who } ha digitato
} “{ $typed }” per { $field } in Google Contatti; è stato mantenuto “{ $kept }”. Quel valore è nella cronologia.
contact-deleted = Questo contatto è stato eliminato.
contact-no-details = Nessun altro dettaglio.
contact-history = Cronologia
comments-none = Ancora nessun commento.
comment-who-sees = Chi lo vede
comment-everyone = Tutti quelli che hanno accesso all'etichetta
comment-only-me = Solo io
comment-post = Pubblica commento
contact-source = Origine
contact-source-crm = Capsule CRM ({ $account }): le modifiche fatte lì sovrascrivono gli stessi campi qui
contact-source-hand = Aggiunto a mano: non proviene da Capsule CRM ({ $account })
contact-last-changed = Ultima modifica di { $who }, { $when }
contact-subtitle = { $label } · il tuo ruolo: { $role }
comment-public = Pubblico
comment-private = Privato: lo vedi solo tu

## Elenchi: ricerca, menzioni, cronologia, contatti eliminati, composizione
search-nobody = Nessuno trovato.
search-more = Altro
search-results = Risultati della ricerca
mention-row = { $author } su { $contact } · { $when }
open-name = Apri { $name }
mentions-none = Nessuno ti ha ancora menzionato.
history-row = { $action ->
    [create] Aggiunto
    [delete] Eliminato
    [restore] Ripristinato
    [clash] Non applicato (modificato nello stesso momento nel riquadro laterale): digitato
    [merge] Unito a un altro contatto
    [unmerge] Unione annullata
   *[edit] Modificato
}{ $via ->
    [google] {" "}in Google Contatti da { $who }
    [capsule] {" "}in Capsule CRM (feed collegato da { $who })
    [file] {" "}dal file { $file } da { $who }
   *[panel] {" "}da { $who }
} · { $when }
history-change-clash = { $field }: { $new } (mantenuto: { $old })
history-change-added = { $field }: { $new }
history-change-removed = { $field }: rimosso { $old }
history-change = { $field }: { $old } → { $new }
history-none = Nessuna cronologia.
history-title = Cronologia di { $name }
deleted = Eliminati
restore-name = Ripristina { $name }
deleted-none = Di recente non è stato eliminato nulla.
back-to-label = Torna all'etichetta
deleted-notice = “{ $name }” è stato eliminato da { $label }.
undo = Annulla
contact-deleted-title = Contatto eliminato
compose-title = Inserisci contatti condivisi
compose-subtitle = Gli indirizzi di un'etichetta, aggiunti alla bozza
compose-add-as = Aggiungi come
compose-add-label = Aggiungi { $label } ({ $count })
compose-no-contacts = Nessuna delle tue etichette ha ancora contatti.
compose-note = Gli indirizzi già presenti nella bozza non vengono aggiunti di nuovo. Con Ccn gli indirizzi dei membri restano nascosti agli altri.

## Le persone di un'email aperta
message-nobody-else = In questa email non c'è nessun altro.
message-people = { $count ->
    [one] 1 persona in questa email
   *[other] { $count } persone in questa email
}
message-in-label = In { $label } · sei { $role }
message-everyone = Tutti quelli con accesso
message-open-contact = Apri contatto
message-comment-cut = … (apri il contatto per leggerlo tutto)
message-not-in-label = Non è in nessuna etichetta che puoi vedere.
message-no-writable-label = Non hai etichette a cui puoi aggiungere contatti.
message-label = Etichetta
message-add-to-label = Aggiungi a un'etichetta

## Moduli
form-one-per-line = { $field } (uno per riga)
form-duplicate = { $name } in questa etichetta ha { $what ->
    [email] un indirizzo email
   *[phone] un numero di telefono
} che hai digitato.
form-save-anyway = Salva comunque
form-new-contact = Nuovo contatto
form-edit-contact = Modifica contatto
form-new-label = Nuova etichetta
form-new-label-subtitle = I contatti che aggiungi possono essere condivisi con il tuo team
form-label-name = Nome dell'etichetta
form-label-name-hint = Ad esempio: Clienti, Fornitori
form-create = Crea
form-comment = Commento
form-delete-comment = Elimina commento
form-edit-comment = Modifica commento
settings-rename = Rinomina
settings-share-first = Per cedere questa etichetta a qualcuno, prima condividila con quella persona.
settings-transfer-to = Trasferisci la proprietà a
settings-transfer = Trasferisci proprietà
settings-delete-label = Elimina etichetta
settings-title = Impostazioni di { $label }
settings-subtitle = Lo vedi solo tu, il proprietario
settings-delete-warning = Eliminando “{ $label }” rimuovi { $count ->
    [one] il suo contatto
   *[other] i suoi { $count } contatti
}, con commenti e cronologia, per tutti quelli con cui è condivisa. L'operazione non può essere annullata.
settings-delete-everyone = Elimina per tutti
settings-delete-title = Eliminare l'etichetta?

## Condivisione
your-role = Il tuo ruolo: { $role }
sharing-pending = { $role } · in attesa: non ha ancora aperto Sharebook
sharing-change = Modifica o revoca { $grantee }
sharing-grantee = Email, indirizzo del gruppo o dominio
sharing-with = Condividi con
sharing-person = Una persona
sharing-group = Un gruppo Google
sharing-domain = Tutti in un dominio
sharing-share = Condividi
sharing-title = Condivisione di { $label }
sharing-group-name = Gruppo: { $grantee }
sharing-domain-name = Tutti in { $grantee }
sharing-role = Ruolo
sharing-access-for = Accesso per
sharing-hide = Nascondi a questi utenti (non mostrati, non sincronizzati)
sharing-revoke = Revoca accesso
sharing-revoke-warning = { $kind ->
    [group] Ogni membro di { $grantee } non vedrà più
    [domain] Tutti in { $grantee } non vedranno più
   *[user] { $grantee } non vedrà più
} “{ $label }” e i suoi contatti verranno rimossi dai loro Google Contatti (a meno che non li raggiunga un'altra condivisione).
sharing-revoke-title = Revocare l'accesso?

## Feed CRM
feed-connect-intro = Collega un account Capsule CRM: le sue persone e organizzazioni con email, telefono o indirizzo diventano contatti di questa etichetta e le modifiche fatte in Capsule arrivano a tutti. In Capsule non viene mai scritto nulla.
feed-no-keys = I feed CRM non sono configurati su questo server: il suo amministratore deve prima impostare CRM_TOKEN_KEYS.
feed-sign-in = Accedi con Capsule
feed-sign-in-note = Se accedi come amministratore di Capsule, gli aggiornamenti sono istantanei. In alternativa, incolla un token:
feed-token = Token di accesso personale di Capsule
feed-token-help = In Capsule: My Preferences → API Authentication Tokens → Generate new API token. Sharebook lo conserva criptato e non lo mostra mai più.
feed-connect = Collega
feed-choose-intro = Collegato a { $account }. Quali anagrafiche deve prendere questa etichetta?
feed-parties = Anagrafiche
feed-parties-all = Tutte le persone e organizzazioni con dati di contatto
feed-parties-tagged = Solo quelle con un tag selezionato qui sotto
feed-no-tags = Questo account Capsule non ha ancora tag.
feed-tags = Tag
feed-save-and-sync = Salva e sincronizza
feed-choose-title = Scegli le anagrafiche
feed-n-parties = { $count ->
    [one] 1 anagrafica
   *[other] { $count } anagrafiche
}
feed-account = Account Capsule
feed-account-value = { $name } ({ $url }) · token di { $user }
feed-connected-by = Collegato da
feed-connected-by-value = { $who } · { $how ->
    [hooks] aggiornamenti istantanei (REST hooks), verificati anche a ogni controllo periodico
    [oauth] accesso eseguito; gli aggiornamenti istantanei richiedono un amministratore di Capsule, quindi controlla periodicamente
   *[token] token personale; legge le modifiche a ogni controllo periodico
}
feed-paused = In pausa: { $reason } Ultima esecuzione riuscita: { $last }.
feed-importing = Prima importazione in corso: lette { $pages } pagine da 100 anagrafiche.
feed-setup = Scegli quali anagrafiche prendere per avviare l'importazione.
feed-paused-word = in pausa
feed-runs = Esecuzioni
feed-runs-value = Ultima: { $last } · ultima riuscita: { $success } · prossima: { $next }
feed-taking = Prende
feed-taking-all = tutte le anagrafiche con email, telefono o indirizzo
feed-taking-tagged = le anagrafiche con tag { $tags }
feed-in-label = In questa etichetta
feed-in-label-value = { $taken } prese · { $removed } rimosse (eliminate, con accesso limitato o ora senza dati)
feed-filtered = {" "}· { $filtered } al di fuori dei tag scelti
feed-skipped = { $parties } saltate: { $reason }
feed-unreadable = { $parties } illeggibili
feed-last-error = Ultimo errore: { $error }
feed-requests = Finora { $count } richieste inviate a Capsule (Capsule ne consente 4.000 l'ora per utente).
feed-change-parties = Cambia le anagrafiche
feed-connect-again = Collega di nuovo
feed-disconnect = Scollega
feed-disconnect-warning = Scollegando elimini il token memorizzato e interrompi il feed da { $account }. I contatti che ha portato restano nell'etichetta come contatti normali.
feed-disconnect-title = Scollegare Capsule?
feed-badge-paused = Il feed da Capsule CRM ({ $account }) è in pausa: Capsule ha rifiutato il token. Ultima esecuzione riuscita: { $last }. Il proprietario può collegarlo di nuovo.
feed-badge-importing = Importazione da Capsule CRM ({ $account }): { $parties } finora. Compaiono qui man mano che vengono lette.
feed-badge-live = Alimentata da Capsule CRM ({ $account }): { $parties } provengono da lì e le modifiche fatte lì arrivano a tutti.

## Condividere un'etichetta di Google Contatti
import-pick-intro = Scegli un'etichetta che hai già in Google Contatti per condividerla con il tuo team.
import-pick-label = { $label } · { $count ->
    [one] { $count } contatto
   *[other] { $count } contatti
}
import-pick-none = Tutte le tue etichette di Google Contatti sono già condivise, oppure non ne hai ancora.
import-pick-subtitle = Le tue etichette in Google Contatti
import-confirm-what = Sharebook crea un'etichetta condivisa “{ $label }”, di tua proprietà, con { $count ->
    [one] il suo { $count } contatto
   *[other] i suoi { $count } contatti
}. Poi puoi condividerla come un documento Google: ogni persona la riceve nei propri Google Contatti.
import-confirm-untouched = I tuoi Google Contatti restano esattamente come sono: gli stessi contatti, nella stessa etichetta, senza duplicati. Sharebook li contrassegna solo come condivisi.
import-share = Condividi “{ $label }”
import-confirm-title = Condividere “{ $label }”?
import-confirm-subtitle = Dai tuoi Google Contatti

## Amministrazione
and-more = E altri { $count }.
admin-install-domain = Installato per l'intero dominio da Workspace Marketplace
admin-install-users = Non installato per l'intero dominio: l'ha installato ogni utente
admin-install-unchecked = Non ancora verificato con il Marketplace
admin-install-unknown = Sconosciuto: l'API del Marketplace non è configurata
admin-installation = Installazione
admin-first-used = Primo utilizzo
admin-audit-log = Log di controllo
admin-people = Persone
admin-labels = Etichette
admin-domain = Dominio
admin-departed = { $email } possiede etichette ma il suo account è { $status }: cedi le sue etichette a qualcuno.
admin-offboard-name = Gestisci l'uscita di { $email }
admin-people-who-left = Persone che sono uscite
admin-held = { $count ->
    [one] 1 eliminazione
   *[other] { $count } eliminazioni
} in Google Contatti da { $member } · sospensione: { $when }
admin-held-deletions = Eliminazioni sospese
admin-policies = Criteri
admin-forbidden-note = Queste condivisioni sono state create prima della modifica dei criteri. Nulla è stato revocato automaticamente.
admin-forbidden-share = { $grantee } ({ $role }): { $why }
admin-revoke-n = { $count ->
    [one] Revoca questa condivisione
   *[other] Revoca queste { $count } condivisioni
}
admin-forbidden = Condivisioni vietate dai criteri
policy-outside = Condivisione al di fuori del dominio
policy-domains = Domini esterni consentiti (separati da virgole)
policy-outside-max = Ruolo massimo per le persone esterne
policy-users-may = Gli utenti possono
policy-domain-shares = Condividere un'etichetta con l'intero dominio
policy-feeds = Collegare un feed CRM a un'etichetta
policy-guard-percent = Sospendi le eliminazioni fatte in Google Contatti oltre questa quota di un'etichetta (%)
policy-guard-at-least = … e almeno questo numero in una volta
policy-approver = Chi approva le eliminazioni sospese
policy-save = Salva criteri
admin-revoke-warning = Revocare { $count ->
    [one] 1 condivisione
   *[other] { $count } condivisioni
}? I destinatari perdono l'accesso e i contatti delle etichette escono dai loro Google Contatti. Ogni revoca viene registrata nel log di controllo.
admin-revoke-title = Revoca condivisioni
audit-who = Chi (indirizzo)
audit-label = Etichetta (nome)
audit-any-action = Qualsiasi azione
audit-action = Azione
audit-from = Dal (YYYY-MM-DD)
audit-until = Al (YYYY-MM-DD)
audit-filter = Filtra
audit-download = Scarica come CSV
audit-nothing = Nessun risultato.
audit-older = Voci meno recenti
audit-entries = Voci, dalla più recente
audit-link-note = Il link qui sotto funziona una sola volta, entro { $minutes } minuti, e solo per te.
audit-link = Scarica il log di controllo (CSV)
audit-csv-title = Log di controllo in CSV
admin-person-line = possiede { $owned } etichette, { $shared } condivise · membro di { $member } · ultimo accesso { $last }
admin-offboarded-at = {" "}· uscita gestita { $when }
admin-open = Apri
admin-nobody = Nessuno in questo dominio ha ancora usato Sharebook.
admin-no-labels = Ancora nessuna etichetta in questo dominio.
admin-label-line = proprietario { $owner } · { $size ->
    [one] 1 contatto
   *[other] { $size } contatti
} · condivisa { $shares ->
    [one] una volta
   *[other] { $shares } volte
} · { $members ->
    [one] 1 membro
   *[other] { $members } membri
}
admin-google-account = Account Google
admin-person-labels = possiede { $owned } ({ $shared } condivise), membro di { $member }
admin-offboard-note = Gestire l'uscita cede ogni etichetta che possiede al collega indicato qui sotto, revoca le sue condivisioni e rimuove i contatti delle etichette dai suoi Google Contatti. L'operazione viene registrata nel log di controllo.
admin-new-owner = Nuovo proprietario (un indirizzo in { $domain })
admin-offboard = Gestisci uscita
admin-account = Account
admin-offboard-confirm = Cedere { $owned } etichette di { $email } a { $recipient }, revocare le sue { $member } condivisioni e rimuovere le etichette dai suoi Google Contatti?
draft-no-addresses = Questa etichetta non ha indirizzi che puoi vedere
draft-all-there = Tutti i membri di questa etichetta sono già nella bozza
draft-added = { $count ->
    [one] Aggiunto 1 destinatario
   *[other] Aggiunti { $count } destinatari
} in { $field }{ $there ->
    [0] {""}
   *[other] {" "}({ $there } già presenti)
}

## Schede di errore
error-reference = Riferimento
error-sign-in = Accesso necessario
error-sign-in-text = Google non ha comunicato a Sharebook chi sei. Ricarica Gmail; se il problema persiste, chiedi all'amministratore di reinstallare Sharebook con l'autorizzazione userinfo.email.
error-not-found = Non disponibile
error-not-found-text = Questo elemento non esiste oppure non hai più accesso.
error-not-allowed = Non consentito
error-not-allowed-text = In questa etichetta sei { $role ->
    [owner] Proprietario
    [manager] Gestore
    [deleter] Eliminatore
    [editor] Editor
   *[viewer] Visualizzatore
}; per { $action ->
    [view] vederla
    [comment-privately] commentare
    [comment-publicly] commentare per tutti
    [add-contact] aggiungere contatti
    [edit-contact] modificare contatti
    [delete-contact] eliminare o ripristinare contatti
    [moderate-comments] rimuovere i commenti altrui
    [manage-shares] gestire chi ha accesso
    [hide-fields] nascondere campi
    [rename-label] rinominare l'etichetta
    [delete-label] eliminare l'etichetta
    [transfer-ownership] cedere l'etichetta
    [choose-sync] scegliere la sincronizzazione
    [review-held-deletions] esaminare le eliminazioni sospese
   *[manage-feed] collegare un CRM
} serve almeno il ruolo { $needed ->
    [owner] Proprietario
    [manager] Gestore
    [deleter] Eliminatore
    [editor] Editor
   *[viewer] Visualizzatore
}. Se ti serve, chiedi al proprietario dell'etichetta o a un gestore.
error-google = Google Contatti non ha risposto
error-google-text = Sharebook non è riuscito a leggere i tuoi Google Contatti in questo momento. Non è stato modificato nulla. Riprova tra poco.
error-unexpected = Si è verificato un problema
error-unexpected-text = Sharebook non è riuscito a completare l'operazione. Non è stato modificato nulla. Riprova tra poco; se continua a non funzionare, comunica questo riferimento all'amministratore.

## Cosa risponde una route
search-too-short = Digita almeno due caratteri.
error-label-name-taken = Hai già un'etichetta chiamata “{ $name }”.
done-label-created = Etichetta creata
done-comment-added = Commento aggiunto
done-comment-saved = Commento salvato
done-comment-removed = Commento rimosso
done-already-in-label = È già in questa etichetta?
done-contact-added = Contatto aggiunto
done-someone-else-edited = Qualcun altro ha modificato questo contatto
done-saved-same-moment = Qualcuno ha salvato nello stesso momento: controlla e salva di nuovo
done-saved = Salvato
form-changed-meanwhile = Nel frattempo { $who } ha cambiato questo valore in: { $value }. Il tuo valore è conservato qui sopra; salva di nuovo per usarlo.
form-empty = (vuoto)
done-contact-deleted = Contatto eliminato
done-contact-restored = Contatto ripristinato
done-held-deleted = Eliminati. Puoi ripristinarli da Contatti eliminati.
done-held-kept = Mantenuti. Non è stato eliminato nulla.
done-sync-reading = Lettura dei tuoi Google Contatti in corso
done-sync-nothing = Nei tuoi Google Contatti non c'è ancora nulla di Sharebook
done-label-renamed = Etichetta rinominata
done-ownership-transferred = Proprietà trasferita
done-label-deleted = Etichetta eliminata
import-name-refused = Questo nome non può essere usato per un'etichetta Sharebook: { $why }
import-name-taken = Hai già un'etichetta Sharebook chiamata “{ $name }”. Rinomina quella o l'etichetta Google e riprova.
done-import-started = Condivisione in corso: i contatti compaiono qui man mano che vengono letti
error-share-owner-has-all = Il proprietario ha già accesso completo.
done-shared = Condivisa con { $grantee } come { $role }
error-share-groups-need-directory = Per condividere con i gruppi, l'amministratore deve configurare la Directory API.
error-not-a-domain = “{ $value }” non è un dominio come example.com.
done-role-changed = Ruolo modificato
done-access-revoked = Accesso revocato
feed-error-token-refused = Capsule non ha accettato questo token. Copialo di nuovo per intero da My Preferences → API Authentication Tokens.
feed-error-rate-limited = Questo utente Capsule ha esaurito le richieste di quest'ora. Riprova più tardi.
feed-error-unreachable = Impossibile raggiungere Capsule. Non è stato salvato nulla; riprova tra un minuto.
feed-error-no-keys = I feed CRM non sono configurati su questo server.
feed-error-no-token = Incolla qui il token.
feed-error-not-a-token = Non sembra un token Capsule: incolla solo il token.
feed-error-no-tag = Seleziona almeno un tag oppure prendi tutte le anagrafiche.
done-feed-connected = Collegato a Capsule
done-feed-saved = Salvato: i contatti arrivano in background
done-feed-syncing = Sincronizzazione in corso
done-feed-not-running = Il feed non è attivo: prima collegalo di nuovo
done-feed-disconnected = Scollegato da Capsule
admin-directory-not-configured = Gli account sospesi o eliminati non vengono rilevati: la Directory API non è configurata.
admin-directory-failed = Al momento non è stato possibile verificare alcuni account con la Directory.
done-nothing-changed = Nessuna modifica
done-policies-saved = Criteri salvati
done-deleted = Eliminate
done-kept = Mantenute
admin-status-not-configured = sconosciuto (la Directory API non è configurata)
admin-status-failed = sconosciuto (al momento non è stato possibile interrogare la Directory)
done-offboarded = { $labels ->
    [one] 1 etichetta ceduta
   *[other] { $labels } etichette cedute
} a { $recipient }, { $shares ->
    [one] 1 condivisione revocata
   *[other] { $shares } condivisioni revocate
}
feed-skip-no-details = nessuna email, telefono o indirizzo
feed-pause-refused = Capsule ha rifiutato la connessione: il token è stato revocato o ha perso l'accesso. Collegalo di nuovo per riprendere.
feed-pause-not-owner = La persona che l'ha collegato non è più proprietaria di questa etichetta. Il proprietario può collegarlo di nuovo.
feed-pause-keys = Il token memorizzato non è più leggibile (le chiavi del server sono cambiate). Collegalo di nuovo per riprendere.

## Pagine fuori dal componente aggiuntivo (la finestra di accesso di Capsule)
page-close-window = Puoi chiudere questa finestra.
page-not-connected = Non collegato
page-connected = Collegato
page-not-a-sign-in = Questo link non è un accesso a Capsule di questo Sharebook.
page-sign-in-used = Questo link di accesso è già stato usato o è scaduto. Apri il feed Capsule dell'etichetta in Sharebook e accedi di nuovo.
page-no-access = Capsule non ha concesso l'accesso, quindi non è stato collegato nulla.
page-not-owner = Non sei più il proprietario di questa etichetta.
page-connected-hooks = { $account } è collegato a “{ $label }”, con aggiornamenti istantanei. Torna in Gmail e scegli quali anagrafiche prendere.
page-connected-polling = { $account } è collegato a “{ $label }”. Gli aggiornamenti istantanei richiedono l'accesso di un amministratore di Capsule, quindi Sharebook controllerà regolarmente le modifiche. Torna in Gmail e scegli quali anagrafiche prendere.
page-refused = Capsule ha rifiutato l'accesso o non è raggiungibile. Non è stato salvato nulla; riprova.
page-failed = Si è verificato un problema da parte nostra (riferimento { $reference }). Riprova.
audit-link-used = Questo link è già stato usato o è scaduto. Richiedine uno nuovo dalla scheda amministratore.

## Email
email-kind-invitation = Un'etichetta viene condivisa con me
email-kind-mention = Qualcuno mi menziona in un commento
email-kind-held-deletions = Delle eliminazioni vengono trattenute su una mia etichetta
email-kind-feed-paused = Il mio feed CRM è in pausa
email-invitation-subject = { $count ->
    [one] { $sender } ha condiviso “{ $label }” con te
   *[other] { $sender } ha condiviso { $count } etichette con te
}
email-invitation-intro = { $count ->
    [one] { $sender } ha condiviso con te un'etichetta di Google Contatti in Sharebook:
   *[other] { $sender } ha condiviso con te { $count } etichette di Google Contatti in Sharebook:
}
email-invitation-item = “{ $label }”, come { $role }, { $count ->
    [one] 1 contatto
   *[other] { $count } contatti
}{ $via ->
    [group] {" "}(condivisa con { $group }, un gruppo di cui fai parte)
   *[you] {""}
}
email-invitation-outro = { $count ->
    [one] I suoi contatti stanno già arrivando in Google Contatti, in un'etichetta con lo stesso nome.
   *[other] I loro contatti stanno già arrivando in Google Contatti, ciascuno in un'etichetta con lo stesso nome.
} Per leggere e scrivere i commenti del team, apri un'email in Gmail e apri Sharebook nel pannello laterale.
email-mention-subject = { $count ->
    [one] { $sender } ti ha menzionato in un commento su { $contact }
   *[other] { $sender } ti ha menzionato in { $count } commenti
}
email-mention-intro = { $count ->
    [one] { $sender } ti ha menzionato in un commento:
   *[other] { $sender } ti ha menzionato in { $count } commenti:
}
email-mention-item = Su { $contact }, in “{ $label }”:
email-mention-outro = Per rispondere, apri in Gmail un'email da o per quella persona e apri Sharebook nel pannello laterale, oppure cercala dalla pagina iniziale di Sharebook.
email-held-subject = { $count ->
    [one] Eliminazioni trattenute in “{ $label }”
   *[other] Eliminazioni trattenute in { $count } delle tue etichette
}
email-held-intro = { $sender } ha eliminato in una volta molti contatti delle tue etichette nel proprio Google Contatti. Sharebook ha trattenuto queste eliminazioni: i contatti sono ancora nelle etichette, per tutti.
email-held-item = “{ $label }”: { $count ->
    [one] 1 contatto
   *[other] { $count } contatti
}
email-held-outro = Apri l'etichetta in Sharebook (pannello laterale di Gmail) per eliminarli per tutti o conservarli.
email-feed-subject = { $count ->
    [one] Il feed CRM di “{ $label }” è in pausa
   *[other] { $count } feed CRM sono in pausa
}
email-feed-intro = Sharebook ha smesso di leggere il tuo CRM per queste etichette:
email-feed-item = “{ $label }” da { $account }: { $reason }
email-feed-outro = Finché non lo colleghi di nuovo, le modifiche fatte nel CRM non arrivano all'etichetta. Apri il feed CRM dell'etichetta in Sharebook (pannello laterale di Gmail) e collegalo di nuovo.
email-why = { $kind ->
    [invitation] Ricevi questa email perché un'etichetta è stata condivisa con { $recipient }.
    [mention] Ricevi questa email perché sei stato menzionato come { $recipient }.
    [held_deletions] Ricevi questa email perché sei il proprietario di queste etichette ({ $recipient }).
   *[feed_paused] Ricevi questa email perché hai collegato questi feed ({ $recipient }).
}
email-stop = Per non ricevere più queste email, apri Sharebook in Gmail, poi “Notifiche email” nella pagina iniziale, e togli la spunta a “{ $setting }”.
sharing-reinvite = Invia di nuovo l'invito a { $grantee }
done-reinvited = Invito inviato di nuovo a { $grantee }
home-email-settings = Notifiche email
email-settings-intro = Sharebook ti scrive, a nome del collega interessato, quando qualcosa richiede la tua attenzione. Togli la spunta a ciò che non vuoi ricevere.
email-settings-label = Scrivimi quando
error-mention-unreachable = Non pubblicato: { $who } non può vedere questa etichetta, quindi non verrebbe avvisato. Condividi prima l'etichetta o togli la menzione.

## Duplicates within a label
label-duplicates = Trova duplicati
duplicates-title = Probabili duplicati
duplicates-same-email = Stesso indirizzo email
duplicates-same-phone = Stesso numero di telefono
duplicates-pair = { $a } e { $b }
duplicates-review = Controlla e unisci
duplicates-none = Nessuna coppia di contatti di questa etichetta condivide un indirizzo email o un numero di telefono.
merge-title = Unisci contatti
merge-intro = { $other } verrà unito a { $kept }: ogni indirizzo email, numero di telefono, indirizzo e campo personalizzato di entrambi, una volta sola. Dove entrambi hanno un nome, un'azienda o una qualifica, quello di { $other } diventa un campo personalizzato; le note vengono accostate. { $other } viene poi eliminato (si può ripristinare) e i suoi commenti passano all'altro.
merge-confirm = Unisci a { $kept }
merge-keep-other = Tieni invece { $other }
merge-refused = Questi due contatti non si possono unire così come sono: modificane prima uno.
merge-done = { $other } è stato unito a { $kept }. L'unione si può annullare dalla cronologia.
merge-undo = Annulla questa unione
merge-undone = Unione annullata: entrambi i contatti sono com'erano.
merge-undo-changed = Questa unione non si può più annullare: uno dei due contatti è cambiato nel frattempo.
history-merged-from = Unito a questo contatto: { $name }, di cui segue la cronologia

## Contacts in and out by file
label-import-file = Importa da un file
label-export-file = Esporta
format-google = Google CSV
format-outlook = Outlook CSV
format-vcard = vCard
file-import-title = Importa contatti
file-import-intro = Aggiungi contatti a questa etichetta da un file Google CSV, Outlook CSV o vCard (fino a { $max } contatti). Vedrai cosa contiene il file prima che venga aggiunto qualcosa.
file-import-choose = Scegli un file…
file-link-note = Il link funziona una sola volta, per { $minutes ->
    [one] un minuto
   *[other] { $minutes } minuti
}.
file-review = Controlla l'importazione di { $file }
file-preview-title = Anteprima dell'importazione
file-preview-file = File
file-preview-kind = { $file } ({ $format })
file-preview-rows = Contatti
file-preview-counts = { $total ->
    [one] Una riga
   *[other] { $total } righe
}: { $new } nuovi, { $matched } corrispondenti a un contatto già presente, { $rejected } scartati
file-preview-rejected = Righe scartate
file-rejected-field = Riga { $line } · { $field }: { $why }
file-rejected-row = Riga { $line }: { $why }
file-rejected-more = …e { $count ->
    [one] un'altra
   *[other] altre { $count }
}
file-preview-gone = Questa importazione è già stata confermata o annullata.
file-preview-nothing = Nessuna riga di questo file si può importare.
file-on-match = Per i contatti già presenti nell'etichetta (stesso indirizzo email o numero di telefono)
file-on-match-skip = Lasciali come sono
file-on-match-fill = Compila solo i campi vuoti
file-on-match-overwrite = Sovrascrivi con i valori del file (i campi che il file lascia vuoti restano)
file-on-match-invalid = Scegli cosa fare dei contatti corrispondenti.
file-confirm = Avvia l'importazione
file-cancel = Annulla l'importazione
file-import-queued = Importazione avviata: l'avanzamento compare sull'etichetta.
file-import-cancelled = Importazione annullata; non è stato aggiunto nulla.
file-import-progress = Importazione di { $file }: { $done } di { $total }…
file-import-failed = L'importazione di { $file } si è fermata: { $why }
file-import-no-access = il membro che l'ha avviata non può più aggiungere contatti a questa etichetta. Quanto importato finora resta.
file-import-done = { $file } importato da { $who }: { $created } aggiunti, { $updated } aggiornati, { $skipped } lasciati com'erano.
file-undo = Annulla questa importazione
file-undone = Importazione annullata: { $removed ->
    [one] un contatto rimosso
   *[other] { $removed } contatti rimossi
}, { $restored ->
    [one] uno riportato com'era
   *[other] { $restored } riportati com'erano
}.
file-undo-edited = Questa importazione non si può più annullare: { $count ->
    [one] uno dei suoi contatti è stato modificato
   *[other] { $count } dei suoi contatti sono stati modificati
} nel frattempo.
file-export-title = Esporta contatti
file-export-intro = Scarica i contatti di questa etichetta, così come li vedi, nel formato che preferisci.
file-export-outlook-limits = Outlook CSV contiene al massimo 3 indirizzi email, 6 numeri di telefono, 3 indirizzi e 4 campi personalizzati per contatto; gli altri formati contengono tutto.
file-download = Scarica
file-page-title = Importa contatti
file-page-intro = Scegli un file Google CSV, Outlook CSV o vCard da importare in “{ $label }” (fino a { $max } contatti), oppure incolla qui sotto delle vCard. Non viene aggiunto nulla prima della tua conferma in Sharebook.
file-page-file = File
file-page-paste = Oppure incolla delle vCard
file-page-send = Leggi il file
file-page-none = Scegli prima un file o incolla delle vCard.
file-page-unreadable = Il caricamento si è interrotto. Riprova.
file-page-received-title = File ricevuto
file-page-received = { $file }: { $count ->
    [one] un contatto letto
   *[other] { $count } contatti letti
}, { $rejected } scartati.
file-page-close = Chiudi questa finestra: Sharebook ti mostra l'anteprima prima di importare qualsiasi cosa.
file-page-link-gone-title = Questo link non funziona più
file-page-link-gone = È già stato usato, è scaduto, oppure non puoi più aggiungere contatti a questa etichetta. Riapri l'importazione da Sharebook.
file-page-failed-title = Qualcosa è andato storto
file-too-large = Il file supera { $max } MB.
file-empty = Il file è vuoto.
file-not-text = Questo non è un file di testo: scegli un file CSV o vCard.
file-no-contacts = Il file non contiene contatti.
file-too-many = Il file contiene { $count } contatti; se ne possono importare al massimo { $max } alla volta. Dividilo e importa ogni parte.
file-unknown-format = Questo file non è né un Google CSV, né un Outlook CSV, né un file vCard.
file-row-unreadable = la riga non si può leggere
file-card-unterminated = la scheda finisce prima di END:VCARD
