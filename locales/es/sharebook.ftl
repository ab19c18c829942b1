# Sharebook, español: todo texto que lee un usuario. Los demás idiomas tienen exactamente estos
# identificadores y variables (un test lo comprueba). Los números eligen el plural con [one] y *[other].

## Palabras compartidas
role-viewer = Lector
role-editor = Editor
role-deleter = Eliminador
role-manager = Gestor
role-owner = Propietario
field-name = Nombre
field-emails = Direcciones de correo
field-phones = Números de teléfono
field-organization = Empresa
field-title = Cargo
field-addresses = Direcciones postales
field-notes = Notas
field-custom = Otros campos
recipient-to = Para
recipient-cc = Cc
recipient-bcc = Cco
outside-sharing-allowed = Permitido con cualquiera
outside-sharing-listed = Solo con los dominios de la lista de abajo
outside-sharing-never = Nunca
approver-owner = El propietario de la etiqueta
approver-admins = Los administradores del dominio
audit-action-share-added = Compartida
audit-action-role-changed = Rol cambiado
audit-action-hidden-fields-changed = Campos ocultos cambiados
audit-action-access-revoked = Acceso revocado
audit-action-ownership-transferred = Propiedad transferida
audit-action-label-created = Etiqueta creada
audit-action-label-renamed = Etiqueta renombrada
audit-action-label-deleted = Etiqueta eliminada
audit-action-contact-deleted = Contacto eliminado
audit-action-contact-restored = Contacto restaurado
audit-action-feed-connected = Fuente de CRM conectada
audit-action-feed-disconnected = Fuente de CRM desconectada
audit-action-policy-changed = Política cambiada
audit-action-deletions-held = Eliminaciones retenidas
audit-action-held-approved = Eliminaciones retenidas aprobadas
audit-action-held-dismissed = Eliminaciones retenidas descartadas
audit-action-user-offboarded = Baja de usuario
origin-side-panel = Panel lateral
origin-google-contacts = Google Contactos
origin-feed = Fuente de CRM
origin-admin-card = Tarjeta de administración
account-active = activa
account-suspended = suspendida
account-deleted = eliminada

## Rechazos junto a un campo
error-single-line = Usa una sola línea.
error-control-characters = Quita de este texto los caracteres de control invisibles (como NUL).
error-too-long = Usa como máximo { $max } caracteres.
error-label-name-empty = Escribe un nombre para la etiqueta.
error-share-not-allowed = Solo los gestores y el propietario pueden cambiar quién tiene acceso.
error-share-above-own-rights = Puedes dar como máximo el rol de gestor.
error-share-owner-untouchable = El acceso del propietario solo cambia transfiriendo la propiedad.
error-share-target-above = El rol de este miembro es superior al tuyo.
error-comment-empty = Escribe algo primero.
error-comment-public-not-allowed = Tu rol solo te permite escribir comentarios privados.
error-offboard-no-recipient = Escribe la dirección del compañero que se queda con las etiquetas.
error-offboard-same-person = Las etiquetas deben ir a otra persona.
error-offboard-outside-domain = El nuevo propietario debe estar en { $domain }.
error-offboard-not-a-user = { $email } aún no ha usado Sharebook (o se dio de baja): pídele que lo abra una vez en Gmail.
refusal-outside-never = Tu administrador no permite compartir etiquetas fuera de { $home }.
refusal-outside-not-listed = Tu administrador solo permite compartir fuera de { $home } con { $count ->
    [0] ningún dominio por ahora
   *[other] { $listed }
}; { $domain } no es uno de ellos.
refusal-outside-above-max = Las personas de fuera de { $home } pueden recibir como máximo el rol { $max }.
refusal-domain-shares-off = Tu administrador no permite compartir una etiqueta con todo { $home }.
refusal-feeds-off = Tu administrador no permite conectar fuentes de CRM.
policy-error-outside = Elige cómo pueden compartirse las etiquetas fuera.
policy-error-domain = “{ $domain }” no es un dominio como partner.com.
policy-error-no-domains = Indica al menos un dominio, o elige otra opción.
policy-error-outside-max = Elige un rol entre Lector y Gestor.
policy-error-guard-percent = Escribe un porcentaje de 0 a 100.
policy-error-guard-at-least = Escribe un número de contactos de 1 a 100000.
policy-error-approver = Elige quién aprueba las eliminaciones retenidas.
filter-error-out-of-range = Esta fecha está fuera de rango.
filter-error-date = “{ $date }” no es una fecha como 2026-12-31.
filter-error-action = Acción desconocida.
filter-error-end-before-start = La fecha final es anterior a la inicial.
error-contact-name-empty = Escribe un nombre.
error-not-an-email = “{ $value }” no es una dirección de correo.
error-not-a-phone = “{ $value }” no es un número de teléfono.
error-custom-line = Escribe “{ $value }” como clave: valor.
error-too-many = Usa como máximo { $max } entradas.
error-address-too-long = Usa como máximo { $max } caracteres por dirección.

## Palabras comunes
you = ti
never = nunca
unknown = desconocido
n-contacts = { $count ->
    [one] { $count } contacto
   *[other] { $count } contactos
}

## Página de inicio
home-label-detail = { $role } · { $count ->
    [one] { $count } contacto
   *[other] { $count } contactos
}
home-label-not-synced = {" "}· sin sincronizar: la eliminaste en Google Contactos
home-sync-again = Volver a sincronizar “{ $label }” con mis Google Contactos
home-feed-paused = {" "}· fuente de Capsule en pausa (última ejecución correcta: { $last })
home-fix-feed = Arreglar la fuente de Capsule de “{ $label }”
home-empty = Aún no tienes etiquetas compartidas. Una etiqueta es un conjunto de contactos que compartes con compañeros, cada uno con un rol: ven sus contactos aquí en Gmail y en sus propios Google Contactos.
home-first-labels = Se muestran tus primeras { $count } etiquetas, por nombre.
home-share-google-label = Compartir una etiqueta de Google Contactos
home-admin = Administración
home-sync-now = Sincronizar ahora
home-your-labels = Tus etiquetas
home-create-label = Crear etiqueta
home-find-people = Buscar personas
home-search-label = Buscar contactos (nombre, correo, teléfono, empresa)
home-search = Buscar
home-mentions = Menciones
sync-in-step-since = Al día (última actualización { $when })
sync-in-step = Al día
sync-on-their-way = { $count ->
    [one] 1 cambio en camino
   *[other] { $count } cambios en camino
}
sync-failed = { $count ->
    [one] 1 cambio en espera
   *[other] { $count } cambios en espera
}. El último intento falló: { $error }. Sharebook lo reintenta automáticamente.
sync-your-google-contacts = Tus Google Contactos

## Una etiqueta
previous-page = Página anterior
next-page = Página siguiente
label-subtitle = Tu rol: { $role } · { $count ->
    [one] { $count } contacto
   *[other] { $count } contactos
}
label-group-deleted = Eliminaste esta etiqueta en Google Contactos, así que Sharebook dejó de sincronizártela. Sus contactos siguen compartidos aquí.
label-sync-again = Volver a sincronizarla con mis Google Contactos
label-import-stopped = Se detuvo el uso compartido desde Google Contactos: { $why }
label-import-progress = Compartiendo desde Google Contactos: { $done } de { $total } contactos leídos. Aparecen aquí a medida que se leen.
label-held = { $count ->
    [one] Se ha retenido 1 eliminación hecha
   *[other] Se han retenido { $count } eliminaciones hechas
} en Google Contactos por { $member }: demasiadas a la vez. Los contactos siguen aquí y de vuelta en sus Google Contactos.
label-held-by-admins = Tu administrador revisa las eliminaciones retenidas en este dominio.
label-held-delete = Eliminarlos
label-held-keep = Conservarlos
label-empty-add = Aún no hay contactos. Añade uno, o abre un correo y añade a su remitente.
label-empty = Aún no hay contactos.
label-add-contact = Añadir contacto
label-sharing = Compartir
label-deleted-contacts = Contactos eliminados
label-sync-on = Sincronizar con mis Google Contactos
label-sync-off = Dejar de sincronizar con mis Google Contactos
label-feed = Fuente de Capsule CRM
label-connect-feed = Conectar Capsule CRM
label-settings = Ajustes de la etiqueta

## Un contacto
you-capital = Tú
edit = Editar
delete = Eliminar
restore = Restaurar
remove = Quitar
save = Guardar
cancel = Cancelar
comments = Comentarios
comment-box = Añadir un comentario
comment-box-private = Añadir un comentario privado (solo tú lo verás)
contact-clash = Al mismo tiempo, { $mine ->
    [yes] escribiste
   *[no] { $who } escribió
} “{ $typed }” en { $field } en Google Contactos; se conservó “{ $kept }”. Ese valor está en el historial.
contact-deleted = Este contacto se eliminó.
contact-no-details = No hay más detalles.
contact-history = Historial
comments-none = Aún no hay comentarios.
comment-who-sees = Quién lo ve
comment-everyone = Todos los que tienen acceso a la etiqueta
comment-only-me = Solo yo
comment-post = Publicar comentario
contact-source = Origen
contact-source-crm = Capsule CRM ({ $account }): los cambios hechos allí sobrescriben los mismos campos aquí
contact-source-hand = Añadido a mano: no viene de Capsule CRM ({ $account })
contact-last-changed = Último cambio de { $who }, { $when }
contact-subtitle = { $label } · tu rol: { $role }
comment-public = Público
comment-private = Privado: solo lo ves tú

## Listas: búsqueda, menciones, historial, contactos eliminados, redacción
search-nobody = No se encontró a nadie.
search-more = Más
search-results = Resultados de búsqueda
mention-row = { $author } sobre { $contact } · { $when }
open-name = Abrir { $name }
mentions-none = Nadie te ha mencionado aún.
history-row = { $action ->
    [create] Añadido
    [delete] Eliminado
    [restore] Restaurado
    [clash] No aplicado (cambiado en el panel lateral al mismo tiempo): escrito
    [merge] Combinado con otro contacto
    [unmerge] Combinación deshecha
   *[edit] Editado
}{ $via ->
    [google] {" "}en Google Contactos por { $who }
    [capsule] {" "}en Capsule CRM (fuente conectada por { $who })
    [file] {" "}desde el archivo { $file } por { $who }
   *[panel] {" "}por { $who }
} · { $when }
history-change-clash = { $field }: { $new } (se conservó: { $old })
history-change-added = { $field }: { $new }
history-change-removed = { $field }: se quitó { $old }
history-change = { $field }: { $old } → { $new }
history-none = Sin historial.
history-title = Historial de { $name }
deleted = Eliminado
restore-name = Restaurar { $name }
deleted-none = No se ha eliminado nada recientemente.
back-to-label = Volver a la etiqueta
deleted-notice = “{ $name }” se eliminó de { $label }.
undo = Deshacer
contact-deleted-title = Contacto eliminado
compose-title = Insertar contactos compartidos
compose-subtitle = Las direcciones de una etiqueta, añadidas al borrador
compose-add-as = Añadir como
compose-add-label = Añadir { $label } ({ $count })
compose-no-contacts = Ninguna de tus etiquetas tiene contactos aún.
compose-note = Las direcciones que ya están en el borrador no se añaden de nuevo. Cco oculta las direcciones de los miembros entre sí.

## Las personas de un correo abierto
message-nobody-else = No hay nadie más en este correo.
message-people = { $count ->
    [one] 1 persona en este correo
   *[other] { $count } personas en este correo
}
message-in-label = En { $label } · eres { $role }
message-everyone = Todos los que tienen acceso
message-open-contact = Abrir contacto
message-comment-cut = … (Abre el contacto para leerlo entero)
message-not-in-label = No está en ninguna etiqueta que puedas ver.
message-no-writable-label = No tienes ninguna etiqueta a la que puedas añadir contactos.
message-label = Etiqueta
message-add-to-label = Añadir a una etiqueta

## Formularios
form-one-per-line = { $field } (uno por línea)
form-duplicate = { $name }, en esta etiqueta, tiene { $what ->
    [email] una dirección de correo
   *[phone] un número de teléfono
} que escribiste.
form-save-anyway = Guardar de todos modos
form-new-contact = Nuevo contacto
form-edit-contact = Editar contacto
form-new-label = Nueva etiqueta
form-new-label-subtitle = Los contactos que añadas pueden compartirse con tu equipo
form-label-name = Nombre de la etiqueta
form-label-name-hint = Por ejemplo: Clientes, Proveedores
form-create = Crear
form-comment = Comentario
form-delete-comment = Eliminar comentario
form-edit-comment = Editar comentario
settings-rename = Renombrar
settings-share-first = Para entregar esta etiqueta a alguien, compártela antes con esa persona.
settings-transfer-to = Transferir la propiedad a
settings-transfer = Transferir la propiedad
settings-delete-label = Eliminar etiqueta
settings-title = Ajustes de { $label }
settings-subtitle = Solo tú, el propietario, ves esto
settings-delete-warning = Eliminar “{ $label }” quita { $count ->
    [one] su contacto
   *[other] sus { $count } contactos
}, sus comentarios y su historial, para todos con quienes está compartida. No se puede deshacer.
settings-delete-everyone = Eliminar para todos
settings-delete-title = ¿Eliminar la etiqueta?

## Compartir
your-role = Tu rol: { $role }
sharing-pending = { $role } · pendiente: aún no ha abierto Sharebook
sharing-change = Cambiar o revocar { $grantee }
sharing-grantee = Correo, dirección de grupo o dominio
sharing-with = Compartir con
sharing-person = Una persona
sharing-group = Un grupo de Google
sharing-domain = Todo un dominio
sharing-share = Compartir
sharing-title = Compartir { $label }
sharing-group-name = Grupo: { $grantee }
sharing-domain-name = Todo { $grantee }
sharing-role = Rol
sharing-access-for = Acceso para
sharing-hide = Ocultarles (no se muestra ni se sincroniza)
sharing-revoke = Revocar acceso
sharing-revoke-warning = { $kind ->
    [group] Ningún miembro de { $grantee } verá ya
    [domain] Nadie en { $grantee } verá ya
   *[user] { $grantee } ya no verá
} “{ $label }”, y sus contactos se quitarán de sus Google Contactos (salvo que otro uso compartido aún les llegue).
sharing-revoke-title = ¿Revocar el acceso?

## Fuentes de CRM
feed-connect-intro = Conecta una cuenta de Capsule CRM: sus personas y organizaciones con correo, teléfono o dirección pasan a ser contactos de esta etiqueta, y los cambios hechos en Capsule llegan a todos. Nunca se escribe nada en Capsule.
feed-no-keys = Las fuentes de CRM no están configuradas en este servidor: su administrador debe definir antes CRM_TOKEN_KEYS.
feed-sign-in = Iniciar sesión con Capsule
feed-sign-in-note = Iniciar sesión como administrador de Capsule hace que las actualizaciones sean instantáneas. O pega un token:
feed-token = Token de acceso personal de Capsule
feed-token-help = En Capsule: My Preferences → API Authentication Tokens → Generate new API token. Sharebook lo guarda cifrado y no vuelve a mostrarlo.
feed-connect = Conectar
feed-choose-intro = Conectado a { $account }. ¿Qué fichas debe tomar esta etiqueta?
feed-parties = Fichas
feed-parties-all = Cada persona y organización con datos de contacto
feed-parties-tagged = Solo las que tengan una etiqueta de Capsule marcada abajo
feed-no-tags = Esta cuenta de Capsule aún no tiene etiquetas.
feed-tags = Etiquetas de Capsule
feed-save-and-sync = Guardar y sincronizar
feed-choose-title = Elegir fichas
feed-n-parties = { $count ->
    [one] 1 ficha
   *[other] { $count } fichas
}
feed-account = Cuenta de Capsule
feed-account-value = { $name } ({ $url }) · token de { $user }
feed-connected-by = Conectada por
feed-connected-by-value = { $who } · { $how ->
    [hooks] actualizaciones instantáneas (REST hooks), comprobadas también en cada consulta
    [oauth] sesión iniciada; las actualizaciones instantáneas requieren un administrador de Capsule, así que consulta periódicamente
   *[token] token personal; lee lo que cambió en cada consulta
}
feed-paused = En pausa: { $reason } Última ejecución correcta: { $last }.
feed-importing = Primera importación en curso: { $pages } páginas de 100 fichas leídas.
feed-setup = Elige qué fichas tomar para empezar la importación.
feed-paused-word = en pausa
feed-runs = Ejecuciones
feed-runs-value = Última: { $last } · última correcta: { $success } · siguiente: { $next }
feed-taking = Toma
feed-taking-all = cada ficha con correo, teléfono o dirección
feed-taking-tagged = las fichas con la etiqueta { $tags }
feed-in-label = En esta etiqueta
feed-in-label-value = { $taken } tomadas · { $removed } quitadas (eliminadas, restringidas o ya sin datos)
feed-filtered = {" "}· { $filtered } fuera de las etiquetas elegidas
feed-skipped = { $parties } omitidas: { $reason }
feed-unreadable = { $parties } ilegibles
feed-last-error = Último error: { $error }
feed-requests = { $count } peticiones hechas a Capsule hasta ahora (Capsule permite 4.000 por hora y usuario).
feed-change-parties = Cambiar qué fichas
feed-connect-again = Volver a conectar
feed-disconnect = Desconectar
feed-disconnect-warning = Al desconectar se borra el token guardado y se detiene la fuente de { $account }. Los contactos que trajo se quedan en la etiqueta como contactos normales.
feed-disconnect-title = ¿Desconectar Capsule?
feed-badge-paused = La fuente de Capsule CRM ({ $account }) está en pausa: Capsule rechazó su token. Última ejecución correcta: { $last }. Su propietario puede volver a conectarla.
feed-badge-importing = Importando de Capsule CRM ({ $account }): { $parties } hasta ahora. Aparecen aquí a medida que se leen.
feed-badge-live = Alimentada por Capsule CRM ({ $account }): { $parties } vienen de allí, y los cambios hechos allí llegan a todos.

## Compartir una etiqueta de Google Contactos
import-pick-intro = Elige una etiqueta que ya tengas en Google Contactos para compartirla con tu equipo.
import-pick-label = { $label } · { $count ->
    [one] { $count } contacto
   *[other] { $count } contactos
}
import-pick-none = Todas tus etiquetas de Google Contactos ya están compartidas, o aún no tienes ninguna.
import-pick-subtitle = Tus etiquetas en Google Contactos
import-confirm-what = Sharebook crea una etiqueta compartida “{ $label }”, de la que eres propietario, con { $count ->
    [one] su contacto
   *[other] sus { $count } contactos
}. Después podrás compartirla como un documento de Google: cada persona la recibe en sus propios Google Contactos.
import-confirm-untouched = Tus Google Contactos se quedan exactamente como están: los mismos contactos, en la misma etiqueta, sin duplicados. Sharebook solo los marca como compartidos.
import-share = Compartir “{ $label }”
import-confirm-title = ¿Compartir “{ $label }”?
import-confirm-subtitle = Desde tus Google Contactos

## Administración
and-more = Y { $count } más.
admin-install-domain = Instalado para todo el dominio desde Workspace Marketplace
admin-install-users = No instalado para todo el dominio: cada usuario lo instaló
admin-install-unchecked = Aún no comprobado con Marketplace
admin-install-unknown = Desconocido: la API de Marketplace no está configurada
admin-installation = Instalación
admin-first-used = Primer uso
admin-audit-log = Registro de auditoría
admin-people = Personas
admin-labels = Etiquetas
admin-domain = Dominio
admin-departed = { $email } es propietario de etiquetas pero su cuenta está { $status }: entrega sus etiquetas a alguien.
admin-offboard-name = Dar de baja a { $email }
admin-people-who-left = Personas que se fueron
admin-held = { $count ->
    [one] 1 eliminación hecha
   *[other] { $count } eliminaciones hechas
} en Google Contactos por { $member }, retenidas el { $when }
admin-held-deletions = Eliminaciones retenidas
admin-policies = Políticas
admin-forbidden-note = Estos usos compartidos se hicieron antes de cambiar las políticas. No se revocó nada por sí solo.
admin-forbidden-share = { $grantee } ({ $role }): { $why }
admin-revoke-n = { $count ->
    [one] Revocar este uso compartido
   *[other] Revocar estos { $count } usos compartidos
}
admin-forbidden = Usos compartidos que las políticas prohíben
policy-outside = Compartir fuera del dominio
policy-domains = Dominios permitidos fuera (separados por comas)
policy-outside-max = Rol más alto para personas de fuera
policy-users-may = Los usuarios pueden
policy-domain-shares = Compartir una etiqueta con todo el dominio
policy-feeds = Conectar una fuente de CRM a una etiqueta
policy-guard-percent = Retener las eliminaciones hechas en Google Contactos por encima de esta parte de una etiqueta (%)
policy-guard-at-least = … y de al menos tantas a la vez
policy-approver = Quién aprueba las eliminaciones retenidas
policy-save = Guardar políticas
admin-revoke-warning = ¿Revocar { $count ->
    [one] 1 uso compartido
   *[other] { $count } usos compartidos
}? Sus destinatarios pierden el acceso y los contactos de las etiquetas salen de sus Google Contactos. Cada revocación queda en el registro de auditoría.
admin-revoke-title = Revocar usos compartidos
audit-who = Quién (dirección)
audit-label = Etiqueta (nombre)
audit-any-action = Cualquier acción
audit-action = Acción
audit-from = Desde (YYYY-MM-DD)
audit-until = Hasta (YYYY-MM-DD)
audit-filter = Filtrar
audit-download = Descargar como CSV
audit-nothing = Nada coincide.
audit-older = Entradas anteriores
audit-entries = Entradas, de la más reciente a la más antigua
audit-link-note = El enlace de abajo funciona una vez, durante { $minutes } minutos, solo para ti.
audit-link = Descargar el registro de auditoría (CSV)
audit-csv-title = Registro de auditoría en CSV
admin-person-line = propietario de { $owned } etiquetas, { $shared } compartidas · miembro de { $member } · visto por última vez { $last }
admin-offboarded-at = {" "}· de baja desde { $when }
admin-open = Abrir
admin-nobody = Nadie de este dominio ha usado Sharebook aún.
admin-no-labels = Aún no hay etiquetas en este dominio.
admin-label-line = propietario { $owner } · { $size ->
    [one] 1 contacto
   *[other] { $size } contactos
} · compartida { $shares ->
    [one] una vez
   *[other] { $shares } veces
} · { $members ->
    [one] 1 miembro
   *[other] { $members } miembros
}
admin-google-account = Cuenta de Google
admin-person-labels = propietario de { $owned } ({ $shared } compartidas), miembro de { $member }
admin-offboard-note = La baja entrega cada etiqueta de esta persona al compañero de abajo, revoca sus usos compartidos y quita los contactos de las etiquetas de sus Google Contactos. Queda en el registro de auditoría.
admin-new-owner = Nuevo propietario (una dirección de { $domain })
admin-offboard = Dar de baja
admin-account = Cuenta
admin-offboard-confirm = ¿Entregar { $owned } etiquetas de { $email } a { $recipient }, revocar sus { $member } usos compartidos y quitar las etiquetas de sus Google Contactos?
draft-no-addresses = Esta etiqueta no tiene direcciones que puedas ver
draft-all-there = Todos los de esta etiqueta ya están en el borrador
draft-added = { $count ->
    [one] Se añadió 1 destinatario
   *[other] Se añadieron { $count } destinatarios
} a { $field }{ $there ->
    [0] {""}
   *[other] {" "}({ $there } ya estaban)
}

## Tarjetas de error
error-reference = Referencia
error-sign-in = Hace falta iniciar sesión
error-sign-in-text = Google no le dijo a Sharebook quién eres. Vuelve a cargar Gmail; si sigue pasando, pide a tu administrador que reinstale Sharebook con el permiso userinfo.email.
error-not-found = No disponible
error-not-found-text = Este elemento no existe, o ya no tienes acceso a él.
error-not-allowed = No permitido
error-not-allowed-text = En esta etiqueta eres { $role ->
    [owner] el propietario
    [manager] gestor
    [deleter] eliminador
    [editor] editor
   *[viewer] lector
}; para { $action ->
    [view] verla
    [comment-privately] comentar
    [comment-publicly] comentar para todos
    [add-contact] añadir contactos
    [edit-contact] editar contactos
    [delete-contact] eliminar o restaurar contactos
    [moderate-comments] quitar comentarios de otros
    [manage-shares] gestionar quién tiene acceso
    [hide-fields] ocultar campos
    [rename-label] renombrar la etiqueta
    [delete-label] eliminar la etiqueta
    [transfer-ownership] entregar la etiqueta
    [choose-sync] elegir la sincronización
    [review-held-deletions] revisar las eliminaciones retenidas
   *[manage-feed] conectar un CRM
} hace falta el rol de { $needed ->
    [owner] propietario
    [manager] gestor
    [deleter] eliminador
    [editor] editor
   *[viewer] lector
} o superior. Pídeselo al propietario de la etiqueta o a un gestor si lo necesitas.
error-google = Google Contactos no respondió
error-google-text = Sharebook no pudo leer tus Google Contactos en este momento. No se cambió nada. Inténtalo de nuevo en un momento.
error-unexpected = Algo salió mal
error-unexpected-text = Sharebook no pudo completar esto. No se cambió nada. Inténtalo de nuevo en un momento; si sigue fallando, da esta referencia a tu administrador.

## Respuestas de las acciones
search-too-short = Escribe al menos dos caracteres.
error-label-name-taken = Ya tienes una etiqueta llamada “{ $name }”.
done-label-created = Etiqueta creada
done-comment-added = Comentario añadido
done-comment-saved = Comentario guardado
done-comment-removed = Comentario quitado
done-already-in-label = ¿Ya está en esta etiqueta?
done-contact-added = Contacto añadido
done-someone-else-edited = Otra persona editó este contacto
done-saved-same-moment = Alguien guardó en el mismo momento: revisa y guarda de nuevo
done-saved = Guardado
form-changed-meanwhile = Mientras tanto, { $who } cambió esto a: { $value }. Tu valor se mantiene arriba; guarda de nuevo para usarlo.
form-empty = (vacío)
done-contact-deleted = Contacto eliminado
done-contact-restored = Contacto restaurado
done-held-deleted = Eliminados. Puedes restaurarlos desde Contactos eliminados.
done-held-kept = Conservados. No se eliminó nada.
done-sync-reading = Leyendo tus Google Contactos ahora
done-sync-nothing = Aún no hay nada de Sharebook en tus Google Contactos
done-label-renamed = Etiqueta renombrada
done-ownership-transferred = Propiedad transferida
done-label-deleted = Etiqueta eliminada
import-name-refused = Este nombre no puede ser el de una etiqueta de Sharebook: { $why }
import-name-taken = Ya tienes una etiqueta de Sharebook llamada “{ $name }”. Cámbiale el nombre, o a la etiqueta de Google, y vuelve a intentarlo.
done-import-started = Compartiéndola: sus contactos aparecen aquí a medida que se leen
error-share-owner-has-all = El propietario ya tiene acceso completo.
done-shared = Compartida con { $grantee } como { $role }
error-share-groups-need-directory = Para compartir con grupos, tu administrador debe configurar la API de Directory.
error-not-a-domain = “{ $value }” no es un dominio como example.com.
done-role-changed = Rol cambiado
done-access-revoked = Acceso revocado
feed-error-token-refused = Capsule no aceptó este token. Cópialo de nuevo, entero, desde My Preferences → API Authentication Tokens.
feed-error-rate-limited = Este usuario de Capsule ha agotado las peticiones de esta hora. Inténtalo más tarde.
feed-error-unreachable = No se pudo contactar con Capsule. No se guardó nada; inténtalo en un minuto.
feed-error-no-keys = Las fuentes de CRM no están configuradas en este servidor.
feed-error-no-token = Pega el token aquí.
feed-error-not-a-token = Esto no parece un token de Capsule: pega solo el token.
feed-error-no-tag = Marca al menos una etiqueta, o toma todas las fichas.
done-feed-connected = Conectado a Capsule
done-feed-saved = Guardado: los contactos llegan en segundo plano
done-feed-syncing = Sincronizando ahora
done-feed-not-running = La fuente no está funcionando: vuelve a conectarla primero
done-feed-disconnected = Desconectado de Capsule
admin-directory-not-configured = No se detectan las cuentas suspendidas o eliminadas: la API de Directory no está configurada.
admin-directory-failed = Algunas cuentas no se pudieron comprobar con el directorio en este momento.
done-nothing-changed = No ha cambiado nada
done-policies-saved = Políticas guardadas
done-deleted = Eliminados
done-kept = Conservados
admin-status-not-configured = desconocido (la API de Directory no está configurada)
admin-status-failed = desconocido (no se pudo consultar el directorio en este momento)
done-offboarded = { $labels ->
    [one] 1 etiqueta entregada
   *[other] { $labels } etiquetas entregadas
} a { $recipient }, { $shares ->
    [one] 1 uso compartido revocado
   *[other] { $shares } usos compartidos revocados
}
feed-skip-no-details = sin correo, teléfono ni dirección
feed-pause-refused = Capsule rechazó la conexión: el token se revocó o perdió el acceso. Vuelve a conectar para reanudar.
feed-pause-not-owner = La persona que la conectó ya no es propietaria de esta etiqueta. El propietario puede volver a conectarla.
feed-pause-keys = Su token guardado ya no se puede leer (cambiaron las claves del servidor). Vuelve a conectar para reanudar.

## Páginas fuera del complemento (ventana de inicio de sesión de Capsule)
page-close-window = Puedes cerrar esta ventana.
page-not-connected = No conectado
page-connected = Conectado
page-not-a-sign-in = Este enlace no es un inicio de sesión de Capsule de este Sharebook.
page-sign-in-used = Este enlace de inicio de sesión ya se usó o es demasiado antiguo. Abre la fuente de Capsule de la etiqueta en Sharebook e inicia sesión de nuevo.
page-no-access = Capsule no dio acceso, así que no se conectó nada.
page-not-owner = Ya no eres propietario de esta etiqueta.
page-connected-hooks = { $account } está conectado a “{ $label }”, con actualizaciones instantáneas. De vuelta en Gmail, elige qué fichas tomar.
page-connected-polling = { $account } está conectado a “{ $label }”. Las actualizaciones instantáneas requieren el inicio de sesión de un administrador de Capsule, así que Sharebook comprobará los cambios periódicamente. De vuelta en Gmail, elige qué fichas tomar.
page-refused = Capsule rechazó el inicio de sesión o no se pudo contactar. No se guardó nada; inténtalo de nuevo.
page-failed = Algo salió mal por nuestra parte (referencia { $reference }). Inténtalo de nuevo.
audit-link-used = Este enlace ya se usó o es demasiado antiguo. Pide uno nuevo desde la tarjeta de administración.

## Correos
email-kind-invitation = Alguien comparte una etiqueta conmigo
email-kind-mention = Alguien me menciona en un comentario
email-kind-held-deletions = Se retienen eliminaciones en una etiqueta mía
email-kind-feed-paused = Mi fuente de CRM está en pausa
email-invitation-subject = { $count ->
    [one] { $sender } ha compartido “{ $label }” contigo
   *[other] { $sender } ha compartido { $count } etiquetas contigo
}
email-invitation-intro = { $count ->
    [one] { $sender } ha compartido contigo una etiqueta de Google Contactos en Sharebook:
   *[other] { $sender } ha compartido contigo { $count } etiquetas de Google Contactos en Sharebook:
}
email-invitation-item = “{ $label }”, como { $role }, { $count ->
    [one] 1 contacto
   *[other] { $count } contactos
}{ $via ->
    [group] {" "}(compartida con { $group }, un grupo del que formas parte)
   *[you] {""}
}
email-invitation-outro = { $count ->
    [one] Sus contactos ya están llegando a tu Google Contactos, en una etiqueta con el mismo nombre.
   *[other] Sus contactos ya están llegando a tu Google Contactos, cada uno en una etiqueta con el mismo nombre.
} Para leer y escribir los comentarios del equipo, abre un correo en Gmail y abre Sharebook en el panel lateral.
email-mention-subject = { $count ->
    [one] { $sender } te ha mencionado en un comentario sobre { $contact }
   *[other] { $sender } te ha mencionado en { $count } comentarios
}
email-mention-intro = { $count ->
    [one] { $sender } te ha mencionado en un comentario:
   *[other] { $sender } te ha mencionado en { $count } comentarios:
}
email-mention-item = Sobre { $contact }, en “{ $label }”:
email-mention-outro = Para responder, abre en Gmail un correo de o para esa persona y abre Sharebook en el panel lateral, o búscala desde la página de inicio de Sharebook.
email-held-subject = { $count ->
    [one] Eliminaciones retenidas en “{ $label }”
   *[other] Eliminaciones retenidas en { $count } de tus etiquetas
}
email-held-intro = { $sender } ha eliminado de una vez muchos contactos de tus etiquetas en su Google Contactos. Sharebook ha retenido estas eliminaciones: los contactos siguen en las etiquetas, para todos.
email-held-item = “{ $label }”: { $count ->
    [one] 1 contacto
   *[other] { $count } contactos
}
email-held-outro = Abre la etiqueta en Sharebook (panel lateral de Gmail) para eliminarlos para todos o conservarlos.
email-feed-subject = { $count ->
    [one] La fuente de CRM de “{ $label }” está en pausa
   *[other] { $count } fuentes de CRM están en pausa
}
email-feed-intro = Sharebook ha dejado de leer tu CRM para estas etiquetas:
email-feed-item = “{ $label }” desde { $account }: { $reason }
email-feed-outro = Hasta que la vuelvas a conectar, los cambios hechos en el CRM no llegan a la etiqueta. Abre la fuente de CRM de la etiqueta en Sharebook (panel lateral de Gmail) y conéctala de nuevo.
email-why = { $kind ->
    [invitation] Recibes este correo porque se ha compartido una etiqueta con { $recipient }.
    [mention] Recibes este correo porque te han mencionado como { $recipient }.
    [held_deletions] Recibes este correo porque eres el propietario de estas etiquetas ({ $recipient }).
   *[feed_paused] Recibes este correo porque conectaste estas fuentes ({ $recipient }).
}
email-stop = Para dejar de recibir estos correos, abre Sharebook en Gmail, luego “Notificaciones por correo” en su página de inicio, y desmarca “{ $setting }”.
sharing-reinvite = Volver a enviar la invitación a { $grantee }
done-reinvited = Invitación enviada de nuevo a { $grantee }
home-email-settings = Notificaciones por correo
email-settings-intro = Sharebook te escribe, en nombre del compañero en cuestión, cuando algo te necesita. Desmarca lo que no quieras recibir.
email-settings-label = Escríbeme cuando
error-mention-unreachable = No publicado: { $who } no puede ver esta etiqueta, así que no se enteraría. Comparte antes la etiqueta o quita la mención.

## Duplicates within a label
label-duplicates = Buscar duplicados
duplicates-title = Posibles duplicados
duplicates-same-email = Misma dirección de correo
duplicates-same-phone = Mismo número de teléfono
duplicates-pair = { $a } y { $b }
duplicates-review = Revisar y combinar
duplicates-none = Ningún par de contactos de esta etiqueta comparte una dirección de correo o un número de teléfono.
merge-title = Combinar contactos
merge-intro = { $other } se combinará con { $kept }: cada dirección de correo, número de teléfono, dirección postal y campo personalizado de ambos, una sola vez. Cuando los dos tienen nombre, empresa o cargo, el de { $other } pasa a ser un campo personalizado; las notas se juntan. Después { $other } se elimina (se puede restaurar) y sus comentarios pasan al otro.
merge-confirm = Combinar con { $kept }
merge-keep-other = Conservar { $other } en su lugar
merge-refused = Estos dos contactos no se pueden combinar tal como están: edite primero uno de ellos.
merge-done = { $other } se ha combinado con { $kept }. La combinación se puede deshacer desde el historial.
merge-undo = Deshacer esta combinación
merge-undone = Combinación deshecha: los dos contactos están como antes.
merge-undo-changed = Esta combinación ya no se puede deshacer: uno de los dos contactos ha cambiado desde entonces.
history-merged-from = Combinado con este contacto: { $name }, cuyo historial sigue

## Contacts in and out by file
label-import-file = Importar desde un archivo
label-export-file = Exportar
format-google = Google CSV
format-outlook = Outlook CSV
format-vcard = vCard
file-import-title = Importar contactos
file-import-intro = Añada a esta etiqueta los contactos de un archivo Google CSV, Outlook CSV o vCard (hasta { $max } contactos). Verá lo que contiene el archivo antes de que se añada nada.
file-import-choose = Elegir un archivo…
file-link-note = El enlace funciona una sola vez, durante { $minutes ->
    [one] un minuto
   *[other] { $minutes } minutos
}.
file-review = Revisar la importación de { $file }
file-preview-title = Vista previa de la importación
file-preview-file = Archivo
file-preview-kind = { $file } ({ $format })
file-preview-rows = Contactos
file-preview-counts = { $total ->
    [one] Una fila
   *[other] { $total } filas
}: { $new } nuevos, { $matched } coinciden con un contacto ya presente, { $rejected } rechazados
file-preview-rejected = Filas rechazadas
file-rejected-field = Línea { $line } · { $field }: { $why }
file-rejected-row = Línea { $line }: { $why }
file-rejected-more = …y { $count ->
    [one] una más
   *[other] { $count } más
}
file-preview-gone = Esta importación ya se confirmó o se canceló.
file-preview-nothing = Ninguna fila de este archivo se puede importar.
file-on-match = Para los contactos que ya están en la etiqueta (misma dirección de correo o mismo número de teléfono)
file-on-match-skip = Dejarlos como están
file-on-match-fill = Rellenar solo sus campos vacíos
file-on-match-overwrite = Sustituir por los valores del archivo (se conservan los campos que el archivo deja vacíos)
file-on-match-invalid = Elija qué hacer con los contactos que coinciden.
file-confirm = Iniciar la importación
file-cancel = Cancelar la importación
file-import-queued = Importación iniciada: su progreso aparece en la etiqueta.
file-import-cancelled = Importación cancelada; no se ha añadido nada.
file-import-progress = Importando { $file }: { $done } de { $total }…
file-import-failed = La importación de { $file } se detuvo: { $why }
file-import-no-access = el miembro que la inició ya no puede añadir contactos a esta etiqueta. Lo importado hasta ahora se mantiene.
file-import-done = { $file } importado por { $who }: { $created } añadidos, { $updated } actualizados, { $skipped } sin cambios.
file-undo = Deshacer esta importación
file-undone = Importación deshecha: { $removed ->
    [one] un contacto quitado
   *[other] { $removed } contactos quitados
}, { $restored ->
    [one] uno devuelto a como estaba
   *[other] { $restored } devueltos a como estaban
}.
file-undo-edited = Esta importación ya no se puede deshacer: { $count ->
    [one] uno de sus contactos ha cambiado
   *[other] { $count } de sus contactos han cambiado
} desde entonces.
file-export-title = Exportar contactos
file-export-intro = Descargue los contactos de esta etiqueta, tal como los ve, en el formato que prefiera.
file-export-outlook-limits = Outlook CSV admite como máximo 3 direcciones de correo, 6 números de teléfono, 3 direcciones postales y 4 campos personalizados por contacto; los demás formatos lo admiten todo.
file-download = Descargar
file-page-title = Importar contactos
file-page-intro = Elija un archivo Google CSV, Outlook CSV o vCard para importar en “{ $label }” (hasta { $max } contactos), o pegue vCards abajo. No se añade nada antes de que lo confirme en Sharebook.
file-page-file = Archivo
file-page-paste = O pegue vCards
file-page-send = Leer el archivo
file-page-none = Elija primero un archivo o pegue vCards.
file-page-unreadable = El envío se interrumpió. Inténtelo de nuevo.
file-page-received-title = Archivo recibido
file-page-received = { $file }: { $count ->
    [one] un contacto leído
   *[other] { $count } contactos leídos
}, { $rejected } rechazados.
file-page-close = Cierre esta ventana: Sharebook le muestra la vista previa antes de importar nada.
file-page-link-gone-title = Este enlace ya no funciona
file-page-link-gone = Ya se usó, caducó o ya no puede añadir contactos a esta etiqueta. Vuelva a abrir la importación desde Sharebook.
file-page-failed-title = Algo ha fallado
file-too-large = El archivo supera los { $max } MB.
file-empty = El archivo está vacío.
file-not-text = Esto no es un archivo de texto: elija un archivo CSV o vCard.
file-no-contacts = El archivo no contiene contactos.
file-too-many = El archivo contiene { $count } contactos; se pueden importar como máximo { $max } a la vez. Divídalo e importe cada parte.
file-unknown-format = Este archivo no es un Google CSV, ni un Outlook CSV, ni un archivo vCard.
file-row-unreadable = la fila no se puede leer
file-card-unterminated = la ficha termina antes de END:VCARD
