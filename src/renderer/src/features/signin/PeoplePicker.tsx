import { ListBox, ListBoxItem } from 'react-aria-components'

/**
 * Training's list of people to sign in as (a live workstation lists nobody). Its own chunk: the
 * list box is a third of the sign-in screen's code, and a live workstation never shows it.
 */
export function PeoplePicker({
  people,
  chosen,
  choose
}: {
  people: ReadonlyArray<{ username: string; displayName: string }>
  chosen: string
  choose: (username: string) => void
}): React.JSX.Element {
  return (
    <ListBox
      className="people"
      aria-label="Who are you?"
      selectionMode="single"
      disallowEmptySelection
      selectedKeys={[chosen]}
      onSelectionChange={(keys) => {
        const [picked] = keys === 'all' ? [] : [...keys]
        if (typeof picked === 'string') choose(picked)
      }}
      items={people.map((person) => ({ id: person.username, name: person.displayName }))}
    >
      {(person) => <ListBoxItem className="person">{person.name}</ListBoxItem>}
    </ListBox>
  )
}
