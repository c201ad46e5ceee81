/** The top of a text-giving staff page: the link back to the page it belongs to, then its heading. */
export function PageHeader(p: { back: { href: string; label: string }; title: string }): JSX.Element {
  return (
    <>
      <p class="back-link">
        <a href={p.back.href} safe>{p.back.label}</a>
      </p>
      <h1 safe>{p.title}</h1>
    </>
  );
}
