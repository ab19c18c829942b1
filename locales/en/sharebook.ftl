# Sharebook, English: every text a user reads. The other languages have exactly these ids
# and variables (a test checks). Numbers choose plural forms with [one] and *[other].

## Shared words
role-viewer = Viewer
role-editor = Editor
role-deleter = Deleter
role-manager = Manager
role-owner = Owner
field-name = Name
field-emails = Email addresses
field-phones = Phone numbers
field-organization = Company
field-title = Job title
field-addresses = Postal addresses
field-notes = Notes
field-custom = Other fields
recipient-to = To
recipient-cc = Cc
recipient-bcc = Bcc
outside-sharing-allowed = Allowed with anyone
outside-sharing-listed = Only with the domains listed below
outside-sharing-never = Never
approver-owner = The label's owner
approver-admins = Admins of the domain
audit-action-share-added = Shared
audit-action-role-changed = Role changed
audit-action-hidden-fields-changed = Hidden fields changed
audit-action-access-revoked = Access revoked
audit-action-ownership-transferred = Ownership transferred
audit-action-label-created = Label created
audit-action-label-renamed = Label renamed
audit-action-label-deleted = Label deleted
audit-action-contact-deleted = Contact deleted
audit-action-contact-restored = Contact restored
audit-action-feed-connected = CRM feed connected
audit-action-feed-disconnected = CRM feed disconnected
audit-action-policy-changed = Policy changed
audit-action-deletions-held = Deletions held
audit-action-held-approved = Held deletions approved
audit-action-held-dismissed = Held deletions dismissed
audit-action-user-offboarded = User offboarded
origin-side-panel = Side panel
origin-google-contacts = Google Contacts
origin-feed = CRM feed
origin-admin-card = Admin card
account-active = active
account-suspended = suspended
account-deleted = deleted

## Refusals shown next to a field
error-single-line = Use a single line.
error-control-characters = Remove the invisible control characters (such as NUL) from this text.
error-too-long = Use at most { $max } characters.
error-label-name-empty = Enter a name for the label.
error-share-not-allowed = Only managers and the owner can change who has access.
error-share-above-own-rights = You can give at most the manager role.
error-share-owner-untouchable = The owner's access can only change by transferring ownership.
error-share-target-above = This member's role is above yours.
error-comment-empty = Write something first.
error-comment-public-not-allowed = Your role lets you write private comments only.
error-offboard-no-recipient = Type the address of the colleague who takes over the labels.
error-offboard-same-person = The labels must go to someone else.
error-offboard-outside-domain = The new owner must be in { $domain }.
error-offboard-not-a-user = { $email } has not used Sharebook yet (or was offboarded): ask them to open it once in Gmail.
refusal-outside-never = Your administrator does not allow sharing labels outside { $home }.
refusal-outside-not-listed = Your administrator allows sharing outside { $home } only with { $count ->
    [0] no domain yet
   *[other] { $listed }
}; { $domain } is not one of them.
refusal-outside-above-max = People outside { $home } can get at most the { $max } role.
refusal-domain-shares-off = Your administrator does not allow sharing a label with all of { $home }.
refusal-feeds-off = Your administrator does not allow connecting CRM feeds.
policy-error-outside = Choose how labels may be shared outside.
policy-error-domain = “{ $domain }” is not a domain such as partner.com.
policy-error-no-domains = List at least one domain, or choose another option.
policy-error-outside-max = Choose a role from Viewer to Manager.
policy-error-guard-percent = Type a percentage from 0 to 100.
policy-error-guard-at-least = Type a number of contacts from 1 to 100000.
policy-error-approver = Choose who approves held deletions.
filter-error-out-of-range = This date is out of range.
filter-error-date = “{ $date }” is not a date such as 2026-12-31.
filter-error-action = Unknown action.
filter-error-end-before-start = The end date is before the start date.
error-contact-name-empty = Enter a name.
error-not-an-email = “{ $value }” is not an email address.
error-not-a-phone = “{ $value }” is not a phone number.
error-custom-line = Write “{ $value }” as key: value.
error-too-many = Use at most { $max } entries.
error-address-too-long = Use at most { $max } characters per address.

## Words many cards use
# "you" after "by", "of": the object form (it: te, de: Ihnen).
you = you
never = never
unknown = unknown
n-contacts = { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}

## Homepage
home-label-detail = { $role } · { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}
home-label-not-synced = {" "}· not synced: you deleted it in Google Contacts
home-sync-again = Sync “{ $label }” to my Google Contacts again
home-feed-paused = {" "}· Capsule feed paused (last successful run: { $last })
home-fix-feed = Fix the Capsule feed of “{ $label }”
home-empty = You have no shared labels yet. A label is a set of contacts you share with colleagues, each with a role: they see its contacts here in Gmail and in their own Google Contacts.
home-first-labels = Showing your first { $count } labels, by name.
home-share-google-label = Share a label from Google Contacts
home-admin = Admin
home-sync-now = Sync now
home-your-labels = Your labels
home-create-label = Create label
home-find-people = Find people
home-search-label = Search contacts (name, email, phone, company)
home-search = Search
home-mentions = Mentions
sync-in-step-since = In step (last update { $when })
sync-in-step = In step
sync-on-their-way = { $count ->
    [one] 1 change on its way
   *[other] { $count } changes on their way
}
sync-failed = { $count ->
    [one] 1 change waiting
   *[other] { $count } changes waiting
}. Last attempt failed: { $error }. Sharebook retries automatically.
sync-your-google-contacts = Your Google Contacts

## A label
previous-page = Previous page
next-page = Next page
label-subtitle = Your role: { $role } · { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}
label-group-deleted = You deleted this label in Google Contacts, so Sharebook stopped syncing it to you. Its contacts are still shared here.
label-sync-again = Sync it to my Google Contacts again
label-import-stopped = Sharing from Google Contacts stopped: { $why }
label-import-progress = Sharing from Google Contacts: { $done } of { $total } contacts read. They appear here as they are read.
label-held = { $count ->
    [one] 1 deletion
   *[other] { $count } deletions
} made in Google Contacts by { $member } were held: too many at once. The contacts are still here and back in their Google Contacts.
label-held-by-admins = Your administrator reviews held deletions in this domain.
label-held-delete = Delete them
label-held-keep = Keep them
label-empty-add = No contacts yet. Add one, or open an email and add its sender.
label-empty = No contacts yet.
label-add-contact = Add contact
label-sharing = Sharing
label-deleted-contacts = Deleted contacts
label-sync-on = Sync to my Google Contacts
label-sync-off = Stop syncing to my Google Contacts
label-feed = Capsule CRM feed
label-connect-feed = Connect Capsule CRM
label-settings = Label settings

## A contact
you-capital = You
edit = Edit
delete = Delete
restore = Restore
remove = Remove
save = Save
cancel = Cancel
comments = Comments
comment-box = Add a comment
comment-box-private = Add a private comment (only you will see it)
contact-clash = At the same time, { $mine ->
    [yes] you
   *[no] { $who }
} typed “{ $typed }” for { $field } in Google Contacts; “{ $kept }” was kept. That value is in the history.
contact-deleted = This contact was deleted.
contact-no-details = No other details.
contact-history = History
comments-none = No comments yet.
comment-who-sees = Who sees it
comment-everyone = Everyone with access to the label
comment-only-me = Only me
comment-post = Post comment
contact-source = Source
contact-source-crm = Capsule CRM ({ $account }): changes made there overwrite the same fields here
contact-source-hand = Added by hand: not from Capsule CRM ({ $account })
contact-last-changed = Last changed by { $who }, { $when }
contact-subtitle = { $label } · your role: { $role }
comment-public = Public
comment-private = Private: only you see it

## Lists: search, mentions, history, deleted contacts, compose
search-nobody = Nobody found.
search-more = More
search-results = Search results
mention-row = { $author } on { $contact } · { $when }
open-name = Open { $name }
mentions-none = Nobody has mentioned you yet.
history-row = { $action ->
    [create] Added
    [delete] Deleted
    [restore] Restored
    [clash] Not applied (changed in the side panel at the same time): typed
    [merge] Merged with another contact
    [unmerge] Merge undone
   *[edit] Edited
}{ $via ->
    [google] {" "}in Google Contacts by { $who }
    [capsule] {" "}in Capsule CRM (feed connected by { $who })
    [file] {" "}from { $file } by { $who }
   *[panel] {" "}by { $who }
} · { $when }
history-change-clash = { $field }: { $new } (kept: { $old })
history-change-added = { $field }: { $new }
history-change-removed = { $field }: removed { $old }
history-change = { $field }: { $old } → { $new }
history-none = No history.
history-title = History of { $name }
deleted = Deleted
restore-name = Restore { $name }
deleted-none = Nothing was deleted recently.
back-to-label = Back to the label
deleted-notice = “{ $name }” was deleted from { $label }.
undo = Undo
contact-deleted-title = Contact deleted
compose-title = Insert shared contacts
compose-subtitle = A label's addresses, added to the draft
compose-add-as = Add as
compose-add-label = Add { $label } ({ $count })
compose-no-contacts = None of your labels has contacts yet.
compose-note = Addresses already on the draft are not added again. Bcc keeps members' addresses from each other.

## The people on an open email
message-nobody-else = Nobody else is on this email.
message-people = { $count ->
    [one] 1 person on this email
   *[other] { $count } people on this email
}
message-in-label = In { $label } · you are { $role }
message-everyone = Everyone with access
message-open-contact = Open contact
message-comment-cut = … (Open contact to read it all)
message-not-in-label = Not in any label you can see.
message-no-writable-label = You have no label you can add contacts to.
message-label = Label
message-add-to-label = Add to a label

## Forms
form-one-per-line = { $field } (one per line)
form-duplicate = { $name } in this label has { $what ->
    [email] an email address
   *[phone] a phone number
} you typed.
form-save-anyway = Save anyway
form-new-contact = New contact
form-edit-contact = Edit contact
form-new-label = New label
form-new-label-subtitle = Contacts you add to it can be shared with your team
form-label-name = Label name
form-label-name-hint = For example: Customers, Suppliers
form-create = Create
form-comment = Comment
form-delete-comment = Delete comment
form-edit-comment = Edit comment
settings-rename = Rename
settings-share-first = To hand this label to someone, share it with them first.
settings-transfer-to = Transfer ownership to
settings-transfer = Transfer ownership
settings-delete-label = Delete label
settings-title = Settings of { $label }
settings-subtitle = Only you, the owner, see this
settings-delete-warning = Deleting “{ $label }” removes its { $count ->
    [one] contact
   *[other] { $count } contacts
}, their comments and history, for everyone it is shared with. This cannot be undone.
settings-delete-everyone = Delete for everyone
settings-delete-title = Delete label?

## Sharing
your-role = Your role: { $role }
sharing-pending = { $role } · pending: has not opened Sharebook yet
sharing-change = Change or revoke { $grantee }
sharing-grantee = Email, group address or domain
sharing-with = Share with
sharing-person = A person
sharing-group = A Google Group
sharing-domain = Everyone in a domain
sharing-share = Share
sharing-title = Sharing { $label }
sharing-group-name = Group: { $grantee }
sharing-domain-name = Everyone at { $grantee }
sharing-role = Role
sharing-access-for = Access for
sharing-hide = Hide from them (not shown, not synced)
sharing-revoke = Revoke access
sharing-revoke-warning = { $kind ->
    [group] Every member of { $grantee }
    [domain] Everyone at { $grantee }
   *[user] { $grantee }
} will no longer see “{ $label }”, and its contacts will be removed from their Google Contacts (unless another share still reaches them).
sharing-revoke-title = Revoke access?

## CRM feeds
feed-connect-intro = Connect a Capsule CRM account: its people and organisations with an email, phone or address become contacts of this label, and changes made in Capsule reach everyone. Nothing is ever written to Capsule.
feed-no-keys = CRM feeds are not set up on this server: its administrator has to set CRM_TOKEN_KEYS first.
feed-sign-in = Sign in with Capsule
feed-sign-in-note = Signing in as a Capsule administrator makes updates instant. Or paste a token:
feed-token = Capsule personal access token
feed-token-help = In Capsule: My Preferences → API Authentication Tokens → Generate new API token. Sharebook stores it encrypted and never shows it again.
feed-connect = Connect
feed-choose-intro = Connected to { $account }. Which parties should this label take?
feed-parties = Parties
feed-parties-all = Every person and organisation with contact details
feed-parties-tagged = Only those with a tag ticked below
feed-no-tags = This Capsule account has no tags yet.
feed-tags = Tags
feed-save-and-sync = Save and sync
feed-choose-title = Choose parties
feed-n-parties = { $count ->
    [one] 1 party
   *[other] { $count } parties
}
feed-account = Capsule account
feed-account-value = { $name } ({ $url }) · token of { $user }
feed-connected-by = Connected by
feed-connected-by-value = { $who } · { $how ->
    [hooks] instant updates (REST hooks), checked every poll too
    [oauth] signed in; instant updates need a Capsule administrator, so it polls
   *[token] personal token; reads what changed every poll
}
feed-paused = Paused: { $reason } Last successful run: { $last }.
feed-importing = First import under way: { $pages } pages of 100 parties read.
feed-setup = Choose which parties to take to start the import.
feed-paused-word = paused
feed-runs = Runs
feed-runs-value = Last: { $last } · last successful: { $success } · next: { $next }
feed-taking = Taking
feed-taking-all = every party with an email, phone or address
feed-taking-tagged = parties tagged { $tags }
feed-in-label = In this label
feed-in-label-value = { $taken } taken · { $removed } removed (deleted, restricted or without details now)
feed-filtered = {" "}· { $filtered } outside the chosen tags
feed-skipped = { $parties } skipped: { $reason }
feed-unreadable = { $parties } unreadable
feed-last-error = Last error: { $error }
feed-requests = { $count } requests made to Capsule so far (Capsule allows 4,000 an hour per user).
feed-change-parties = Change which parties
feed-connect-again = Connect again
feed-disconnect = Disconnect
feed-disconnect-warning = Disconnecting deletes the stored token and stops the feed from { $account }. The contacts it brought stay in the label, as ordinary contacts.
feed-disconnect-title = Disconnect Capsule?
feed-badge-paused = The feed from Capsule CRM ({ $account }) is paused: Capsule refused its token. Last successful run: { $last }. Its owner can connect it again.
feed-badge-importing = Importing from Capsule CRM ({ $account }): { $parties } so far. They appear here as they are read.
feed-badge-live = Fed from Capsule CRM ({ $account }): { $parties } come from it, and changes made there reach everyone.

## Sharing a label from Google Contacts
import-pick-intro = Pick a label you already have in Google Contacts to share it with your team.
import-pick-label = { $label } · { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}
import-pick-none = Every label you have in Google Contacts is already shared, or you have none yet.
import-pick-subtitle = Your labels in Google Contacts
import-confirm-what = Sharebook makes a shared label “{ $label }”, owned by you, with its { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}. You can then share it like a Google Doc: each person gets it in their own Google Contacts.
import-confirm-untouched = Your own Google Contacts stay exactly as they are: the same contacts, in the same label, with nothing duplicated. Sharebook only marks them as shared.
import-share = Share “{ $label }”
import-confirm-title = Share “{ $label }”?
import-confirm-subtitle = From your Google Contacts

## Admin
and-more = And { $count } more.
admin-install-domain = Installed for the whole domain from the Workspace Marketplace
admin-install-users = Not installed for the whole domain: each user installed it
admin-install-unchecked = Not checked with the Marketplace yet
admin-install-unknown = Unknown: the Marketplace API is not configured
admin-installation = Installation
admin-first-used = First used
admin-audit-log = Audit log
admin-people = People
admin-labels = Labels
admin-domain = Domain
admin-departed = { $email } owns labels but their account is { $status }: hand their labels to someone.
admin-offboard-name = Offboard { $email }
admin-people-who-left = People who left
admin-held = { $count ->
    [one] 1 deletion
   *[other] { $count } deletions
} made in Google Contacts by { $member }, held { $when }
admin-held-deletions = Held deletions
admin-policies = Policies
admin-forbidden-note = These shares were made before the policies changed. Nothing was revoked by itself.
admin-forbidden-share = { $grantee } ({ $role }): { $why }
admin-revoke-n = { $count ->
    [one] Revoke this share
   *[other] Revoke these { $count } shares
}
admin-forbidden = Shares the policies forbid
policy-outside = Sharing outside the domain
policy-domains = Domains allowed outside (comma-separated)
policy-outside-max = Highest role for people outside
policy-users-may = Users may
policy-domain-shares = Share a label with the whole domain
policy-feeds = Connect a CRM feed to a label
policy-guard-percent = Hold deletions made in Google Contacts above this share of a label (%)
policy-guard-at-least = … and at least this many at once
policy-approver = Who approves held deletions
policy-save = Save policies
admin-revoke-warning = Revoke { $count ->
    [one] 1 share
   *[other] { $count } shares
}? Their grantees lose access and the labels' contacts leave their Google Contacts. Each revocation is in the audit log.
admin-revoke-title = Revoke shares
audit-who = Who (address)
audit-label = Label (name)
audit-any-action = Any action
audit-action = Action
audit-from = From (YYYY-MM-DD)
audit-until = Until (YYYY-MM-DD)
audit-filter = Filter
audit-download = Download as CSV
audit-nothing = Nothing matches.
audit-older = Older entries
audit-entries = Entries, newest first
audit-link-note = The link below works once, within { $minutes } minutes, for you only.
audit-link = Download the audit log (CSV)
audit-csv-title = Audit log as CSV
admin-person-line = owns { $owned } labels, { $shared } shared · member of { $member } · last seen { $last }
admin-offboarded-at = {" "}· offboarded { $when }
admin-open = Open
admin-nobody = Nobody in this domain has used Sharebook yet.
admin-no-labels = No labels in this domain yet.
admin-label-line = owner { $owner } · { $size ->
    [one] 1 contact
   *[other] { $size } contacts
} · shared { $shares ->
    [one] once
   *[other] { $shares } times
} · { $members ->
    [one] 1 member
   *[other] { $members } members
}
admin-google-account = Google account
admin-person-labels = owns { $owned } ({ $shared } shared), member of { $member }
admin-offboard-note = Offboarding hands every label they own to the colleague below, revokes their shares and removes the labels' contacts from their Google Contacts. It is in the audit log.
admin-new-owner = New owner (an address in { $domain })
admin-offboard = Offboard
admin-account = Account
admin-offboard-confirm = Hand { $owned } labels of { $email } to { $recipient }, revoke their { $member } shares and remove the labels from their Google Contacts?
draft-no-addresses = This label has no addresses you can see
draft-all-there = Everyone in this label is on the draft already
draft-added = { $count ->
    [one] Added 1 recipient
   *[other] Added { $count } recipients
} to { $field }{ $there ->
    [0] {""}
   *[other] {" "}({ $there } already there)
}

## Error cards
error-reference = Reference
error-sign-in = Sign-in needed
error-sign-in-text = Google did not tell Sharebook who you are. Reload Gmail; if this persists, ask your administrator to reinstall Sharebook with the userinfo.email permission.
error-not-found = Not available
error-not-found-text = This item does not exist, or you no longer have access to it.
error-not-allowed = Not allowed
error-not-allowed-text = You are { $role ->
    [owner] the owner
    [manager] a manager
    [deleter] a deleter
    [editor] an editor
   *[viewer] a viewer
} on this label; { $action ->
    [view] seeing it
    [comment-privately] commenting
    [comment-publicly] commenting for everyone
    [add-contact] adding contacts
    [edit-contact] editing contacts
    [delete-contact] deleting or restoring contacts
    [moderate-comments] removing others' comments
    [manage-shares] managing who has access
    [hide-fields] hiding fields
    [rename-label] renaming the label
    [delete-label] deleting the label
    [transfer-ownership] handing the label over
    [choose-sync] choosing the sync
    [review-held-deletions] reviewing held deletions
   *[manage-feed] connecting a CRM
} needs { $needed ->
    [owner] the owner
    [manager] a manager
    [deleter] a deleter
    [editor] an editor
   *[viewer] a viewer
} or above. Ask the label's owner or a manager if you need it.
error-google = Google Contacts did not answer
error-google-text = Sharebook could not read your Google Contacts just now. Nothing was changed. Try again in a moment.
error-unexpected = Something went wrong
error-unexpected-text = Sharebook could not complete this. Nothing was changed. Try again in a moment; if it keeps failing, give this reference to your administrator.

## What a route answers
search-too-short = Type at least two characters.
error-label-name-taken = You already have a label named “{ $name }”.
done-label-created = Label created
done-comment-added = Comment added
done-comment-saved = Comment saved
done-comment-removed = Comment removed
done-already-in-label = Already in this label?
done-contact-added = Contact added
done-someone-else-edited = Someone else edited this contact
done-saved-same-moment = Someone saved at the same moment: check and save again
done-saved = Saved
form-changed-meanwhile = { $who } changed this meanwhile to: { $value }. Your value is kept above; save again to use it.
form-empty = (empty)
done-contact-deleted = Contact deleted
done-contact-restored = Contact restored
done-held-deleted = Deleted. You can restore them from Deleted contacts.
done-held-kept = Kept. Nothing was deleted.
done-sync-reading = Reading your Google Contacts now
done-sync-nothing = Nothing of Sharebook's is in your Google Contacts yet
done-label-renamed = Label renamed
done-ownership-transferred = Ownership transferred
done-label-deleted = Label deleted
import-name-refused = This name cannot be a Sharebook label: { $why }
import-name-taken = You already have a Sharebook label named “{ $name }”. Rename it, or the Google label, and try again.
done-import-started = Sharing it: its contacts appear here as they are read
error-share-owner-has-all = The owner already has full access.
done-shared = Shared with { $grantee } as { $role }
error-share-groups-need-directory = Sharing with groups needs the Directory API to be set up by your administrator.
error-not-a-domain = “{ $value }” is not a domain such as example.com.
done-role-changed = Role changed
done-access-revoked = Access revoked
feed-error-token-refused = Capsule did not accept this token. Copy it again from My Preferences → API Authentication Tokens, all of it.
feed-error-rate-limited = This Capsule user has used up this hour's requests. Try again later.
feed-error-unreachable = Capsule could not be reached. Nothing was saved; try again in a minute.
feed-error-no-keys = CRM feeds are not set up on this server.
feed-error-no-token = Paste the token here.
feed-error-not-a-token = This does not look like a Capsule token: paste only the token.
feed-error-no-tag = Tick at least one tag, or take every party.
done-feed-connected = Connected to Capsule
done-feed-saved = Saved: the contacts arrive in the background
done-feed-syncing = Syncing now
done-feed-not-running = The feed is not running: connect it again first
done-feed-disconnected = Disconnected from Capsule
admin-directory-not-configured = Suspended or deleted accounts are not detected: the Directory API is not configured.
admin-directory-failed = Some accounts could not be checked with the Directory just now.
done-nothing-changed = Nothing changed
done-policies-saved = Policies saved
done-deleted = Deleted
done-kept = Kept
admin-status-not-configured = unknown (the Directory API is not configured)
admin-status-failed = unknown (the Directory could not be asked just now)
done-offboarded = { $labels ->
    [one] 1 label
   *[other] { $labels } labels
} handed to { $recipient }, { $shares ->
    [one] 1 share
   *[other] { $shares } shares
} revoked
feed-skip-no-details = no email, phone or address
feed-pause-refused = Capsule refused the connection: the token was revoked or lost access. Connect again to resume.
feed-pause-not-owner = The person who connected it no longer owns this label. The owner can connect again.
feed-pause-keys = Its stored token can no longer be read (the server's keys changed). Connect again to resume.

## Pages outside the add-on (Capsule's sign-in window)
page-close-window = You can close this window.
page-not-connected = Not connected
page-connected = Connected
page-not-a-sign-in = This link is not a Capsule sign-in of this Sharebook.
page-sign-in-used = This sign-in link was used already or is too old. Open the label's Capsule feed in Sharebook and sign in again.
page-no-access = Capsule did not give access, so nothing was connected.
page-not-owner = You no longer own this label.
page-connected-hooks = { $account } is connected to “{ $label }”, with instant updates. Back in Gmail, choose which parties to take.
page-connected-polling = { $account } is connected to “{ $label }”. Instant updates need a Capsule administrator's sign-in, so Sharebook will check for changes regularly instead. Back in Gmail, choose which parties to take.
page-refused = Capsule refused the sign-in or could not be reached. Nothing was saved; try again.
page-failed = Something went wrong on our side (reference { $reference }). Try again.
audit-link-used = This link was used already or is too old. Ask for a new one from the admin card.

## Emails
email-kind-invitation = A label is shared with me
email-kind-mention = Someone mentions me in a comment
email-kind-held-deletions = Deletions are held on my label
email-kind-feed-paused = My CRM feed is paused
email-invitation-subject = { $count ->
    [one] { $sender } shared “{ $label }” with you
   *[other] { $sender } shared { $count } labels with you
}
email-invitation-intro = { $count ->
    [one] { $sender } shared a Google Contacts label with you in Sharebook:
   *[other] { $sender } shared { $count } Google Contacts labels with you in Sharebook:
}
email-invitation-item = “{ $label }”, as { $role }, { $count ->
    [one] 1 contact
   *[other] { $count } contacts
}{ $via ->
    [group] {" "}(shared with { $group }, a group you are in)
   *[you] {""}
}
email-invitation-outro = { $count ->
    [one] Its contacts are already arriving in your Google Contacts, in a label of the same name.
   *[other] Their contacts are already arriving in your Google Contacts, each in a label of the same name.
} To see and write the team's comments, open an email in Gmail and open Sharebook in the side panel.
email-mention-subject = { $count ->
    [one] { $sender } mentioned you in a comment on { $contact }
   *[other] { $sender } mentioned you in { $count } comments
}
email-mention-intro = { $count ->
    [one] { $sender } mentioned you in a comment:
   *[other] { $sender } mentioned you in { $count } comments:
}
email-mention-item = On { $contact }, in “{ $label }”:
email-mention-outro = To answer, open an email from or to that person in Gmail and open Sharebook in the side panel, or search for them from Sharebook's homepage.
email-held-subject = { $count ->
    [one] Deletions held in “{ $label }”
   *[other] Deletions held in { $count } of your labels
}
email-held-intro = { $sender } deleted many contacts of your labels at once in their Google Contacts. Sharebook held these deletions: the contacts are still in the labels, for everyone.
email-held-item = “{ $label }”: { $count ->
    [one] 1 contact
   *[other] { $count } contacts
}
email-held-outro = Open the label in Sharebook (Gmail's side panel) to delete them for everyone or keep them.
email-feed-subject = { $count ->
    [one] The CRM feed of “{ $label }” is paused
   *[other] { $count } CRM feeds are paused
}
email-feed-intro = Sharebook stopped reading your CRM for these labels:
email-feed-item = “{ $label }” from { $account }: { $reason }
email-feed-outro = Until you connect it again, changes made in the CRM do not reach the label. Open the label's CRM feed in Sharebook (Gmail's side panel) and connect again.
email-why = { $kind ->
    [invitation] You get this email because a label was shared with { $recipient }.
    [mention] You get this email because you were mentioned as { $recipient }.
    [held_deletions] You get this email because you own these labels ({ $recipient }).
   *[feed_paused] You get this email because you connected these feeds ({ $recipient }).
}
email-stop = To stop these emails, open Sharebook in Gmail, then “Email notifications” on its homepage, and untick “{ $setting }”.
sharing-reinvite = Send the invitation to { $grantee } again
done-reinvited = Invitation sent again to { $grantee }
home-email-settings = Email notifications
email-settings-intro = Sharebook emails you, from the colleague concerned, when something needs you. Untick what you do not want.
email-settings-label = Email me when
error-mention-unreachable = Not posted: { $who } cannot see this label, so they would not be told. Share the label with them first, or remove the mention.

## Contacts in and out by file
label-import-file = Import from a file
label-export-file = Export
format-google = Google CSV
format-outlook = Outlook CSV
format-vcard = vCard
file-import-title = Import contacts
file-import-intro = Bring contacts into this label from a Google CSV, Outlook CSV or vCard file (up to { $max } contacts). You will see what the file holds before anything is added.
file-import-choose = Choose a file…
file-link-note = The link works once, for { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.
file-review = Review the import of { $file }
file-preview-title = Import preview
file-preview-file = File
file-preview-kind = { $file } ({ $format })
file-preview-rows = Contacts
file-preview-counts = { $total ->
    [one] One row
   *[other] { $total } rows
}: { $new } new, { $matched } matching a contact already here, { $rejected } rejected
file-preview-rejected = Rejected rows
file-rejected-field = Line { $line } · { $field }: { $why }
file-rejected-row = Line { $line }: { $why }
file-rejected-more = …and { $count ->
    [one] one more
   *[other] { $count } more
}
file-preview-gone = This import was already confirmed or cancelled.
file-preview-nothing = No row of this file can be imported.
file-on-match = For contacts already in the label (same email address or phone number)
file-on-match-skip = Leave them as they are
file-on-match-fill = Fill only their empty fields
file-on-match-overwrite = Overwrite with the file's values (fields the file leaves empty are kept)
file-on-match-invalid = Choose what to do with matching contacts.
file-confirm = Start the import
file-cancel = Cancel the import
file-import-queued = Import started: its progress shows on the label.
file-import-cancelled = Import cancelled; nothing was added.
file-import-progress = Importing { $file }: { $done } of { $total }…
file-import-failed = The import of { $file } stopped: { $why }
file-import-no-access = the member who started it may no longer add contacts to this label. What was imported before stays.
file-import-done = { $file } imported by { $who }: { $created } added, { $updated } updated, { $skipped } left as they were.
file-undo = Undo this import
file-undone = Import undone: { $removed ->
    [one] one contact removed
   *[other] { $removed } contacts removed
}, { $restored ->
    [one] one put back as it was
   *[other] { $restored } put back as they were
}.
file-undo-edited = This import can no longer be undone: { $count ->
    [one] one of its contacts was
   *[other] { $count } of its contacts were
} changed since.
file-export-title = Export contacts
file-export-intro = Download this label's contacts, as you see them, in the format of your choice.
file-export-outlook-limits = Outlook CSV holds at most 3 email addresses, 6 phone numbers, 3 addresses and 4 custom fields per contact; the other formats hold everything.
file-download = Download
file-page-title = Import contacts
file-page-intro = Choose a Google CSV, Outlook CSV or vCard file to import into “{ $label }” (up to { $max } contacts), or paste vCards below. Nothing is added before you confirm in Sharebook.
file-page-file = File
file-page-paste = Or paste vCards
file-page-send = Read the file
file-page-none = Choose a file or paste vCards first.
file-page-unreadable = The upload was interrupted. Please try again.
file-page-received-title = File received
file-page-received = { $file }: { $count ->
    [one] one contact read
   *[other] { $count } contacts read
}, { $rejected } rejected.
file-page-close = Close this window: Sharebook shows you the preview before anything is imported.
file-page-link-gone-title = This link no longer works
file-page-link-gone = It was used already, it expired, or you may no longer add contacts to this label. Open the import again from Sharebook.
file-page-failed-title = Something went wrong
file-too-large = The file is larger than { $max } MB.
file-empty = The file is empty.
file-not-text = This is not a text file: choose a CSV or vCard file.
file-no-contacts = The file holds no contacts.
file-too-many = The file holds { $count } contacts; at most { $max } can be imported at once. Split it and import each part.
file-unknown-format = This file is neither a Google CSV, an Outlook CSV nor a vCard file.
file-row-unreadable = the row cannot be read
file-card-unterminated = the card ends before END:VCARD

## Duplicates within a label
label-duplicates = Find duplicates
duplicates-title = Likely duplicates
duplicates-same-email = Same email address
duplicates-same-phone = Same phone number
duplicates-pair = { $a } and { $b }
duplicates-review = Review and merge
duplicates-none = No two contacts of this label share an email address or a phone number.
merge-title = Merge contacts
merge-intro = { $other } will be merged into { $kept }: every email address, phone number, address and custom field of both, each once. Where both have a name, company or title, that of { $other } becomes a custom field; notes are put together. { $other } is then deleted (it can be restored) and its comments move over.
merge-confirm = Merge into { $kept }
merge-keep-other = Keep { $other } instead
merge-refused = These two cannot be merged as they are: edit one of them first.
merge-done = { $other } was merged into { $kept }. The merge can be undone from the history.
merge-undo = Undo this merge
merge-undone = Merge undone: both contacts are as they were.
merge-undo-changed = This merge can no longer be undone: one of the two contacts changed since.
history-merged-from = Merged into this contact: { $name }, whose history follows
