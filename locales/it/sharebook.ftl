you = tu
n-contacts = { $count ->
    [one] { $count } contatto
   *[other] { $count } contatti
}
