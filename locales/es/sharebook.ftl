you = you
n-contacts = { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}
