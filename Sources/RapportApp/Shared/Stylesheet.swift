/// The one stylesheet, served from the app so no page needs anything from the internet.
/// Colours are checked for WCAG AA contrast on their backgrounds.
enum Stylesheet {
    static let css = """
    :root { --ink: #1d2433; --muted: #4a5468; --paper: #fbfaf7; --card: #ffffff; --line: #d5d9e0;
      --accent: #1f5f8b; --accent-dark: #174a6d; --good: #1e6b3a; --bad: #a4262c; --soft: #eef3f8; --warn: #7a4b00; }
    * { box-sizing: border-box; }
    html { font-size: 100%; }
    body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.55;
      color: var(--ink); background: var(--paper); }
    a { color: var(--accent); text-underline-offset: 2px; }
    a:hover { color: var(--accent-dark); }
    :focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; z-index: 2; }
    .skip:focus { left: .5rem; }
    header.site { background: var(--accent-dark); color: #fff; }
    header.site a, header.site button.link { color: #fff; }
    .bar { max-width: 60rem; margin: 0 auto; padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; }
    .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; }
    .who { margin: 0; flex: 1 1 auto; font-size: .95rem; }
    .signout { margin: 0; display: flex; gap: 1rem; align-items: center; }
    nav ul { list-style: none; margin: 0 auto; padding: 0 1rem .5rem; max-width: 60rem; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
    nav a { display: inline-block; padding: .35rem 0; font-weight: 600; }
    main { max-width: 40rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
    main.wide { max-width: 60rem; }
    h1 { font-size: 1.7rem; line-height: 1.2; margin: 1rem 0; }
    h2 { font-size: 1.25rem; margin: 1.75rem 0 .5rem; }
    h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
    .lead { font-size: 1.1rem; }
    footer { text-align: center; color: var(--muted); font-size: .85rem; padding: 2rem 1rem; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.1rem; margin: 1rem 0; }
    .card h2, .card h3 { margin-top: 0; }
    .next { border-left: 6px solid var(--accent); }
    .field { margin: 1rem 0; }
    label, legend { display: block; font-weight: 600; }
    .hint { margin: .1rem 0 .3rem; color: var(--muted); font-size: .95rem; }
    p.error { margin: .1rem 0 .3rem; color: var(--bad); font-weight: 600; }
    input[type=text], input[type=password], input[type=email], input[type=search], input[type=number], input[type=date],
    select, textarea { width: 100%; max-width: 32rem; font: inherit; padding: .6rem .7rem; border: 1px solid #6b7385;
      border-radius: 6px; background: #fff; color: var(--ink); min-height: 44px; }
    input[type=file] { font: inherit; }
    /* After the control rules above, which would otherwise win over it. */
    .invalid input, .invalid input[type=text], .invalid select, .invalid textarea { border-color: var(--bad); border-width: 2px; }
    fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 1.25rem 0; padding: .5rem 1rem 1rem; background: var(--card); }
    legend { padding: 0 .3rem; }
    fieldset.question legend { float: left; width: 100%; padding: .75rem 0 .25rem; }
    fieldset.question legend + * { clear: both; }
    fieldset.question .option { padding: .4rem 0; align-items: flex-start; }
    fieldset.question .option input { margin-top: .15rem; }
    fieldset.question.invalid { border: 2px solid var(--bad); }
    fieldset.question.right { border: 2px solid var(--good); }
    .feedback { margin: .5rem 0 0; padding: .5rem .75rem; border-radius: 6px; }
    .feedback.wrong { background: #fbeeee; color: #7d1c21; }
    .feedback.right { background: #eef7f0; color: #174f2b; }
    ul.notifications { list-style: none; padding: 0; }
    form.inline { display: inline; }
    div.qr svg { display: block; width: min(240px, 70vw); height: auto; margin: .5rem 0; border: 1px solid var(--line); }
    code.secret { font-size: 1.05rem; letter-spacing: .05em; word-break: break-word; background: var(--soft); padding: .1rem .3rem; }
    ul.recovery-codes { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .4rem; }
    ul.recovery-codes code { font-size: 1.1rem; letter-spacing: .05em; }
    .options { display: grid; gap: .1rem .75rem; }
    .options.columns { grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); }
    .option { display: flex; align-items: center; gap: .5rem; min-height: 44px; }
    .option label { font-weight: 400; }
    .option input { width: 1.3rem; height: 1.3rem; margin: 0; flex: none; }
    .option.single { display: grid; grid-template-columns: auto 1fr; column-gap: .5rem; align-items: center; }
    .option.single .hint { grid-column: 2; margin: 0; }
    input[type=checkbox], input[type=radio] { width: 1.3rem; height: 1.3rem; }
    fieldset.day { border: none; padding: 0; margin: .75rem 0 0; background: none; }
    fieldset.day legend { padding: 0; font-weight: 600; }
    button, .button { display: inline-block; font: inherit; font-weight: 600; padding: .6rem 1.2rem; min-height: 44px;
      border-radius: 6px; border: 2px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; }
    button:hover, .button:hover { background: var(--accent-dark); color: #fff; }
    button.secondary, .button.secondary { background: #fff; color: var(--accent); }
    button.danger { background: #9b1c1c; border-color: #9b1c1c; }
    button.danger:hover { background: #7a1515; }
    button.link { background: none; border: none; padding: .25rem 0; min-height: 0; text-decoration: underline; font-weight: 400;
      color: var(--accent); text-align: left; }
    button.link:hover { background: none; color: var(--accent-dark); }
    header.site button.link:hover { color: #fff; }
    ul.reasons { margin: 0; padding-left: 1.1rem; }
    .row-actions { display: flex; flex-direction: column; gap: .4rem; align-items: stretch; }
    .row-actions form { margin: 0; }
    .actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin: 1.5rem 0; }
    .notice { border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; border: 2px solid var(--good); background: #eef7f0; }
    .notice p { margin: 0; }
    .notice.error, .error-summary { border-color: var(--bad); background: #fbeeee; }
    .notice.info { border-color: var(--accent); background: var(--soft); }
    .error-summary h2 { margin-top: 0; font-size: 1.1rem; }
    .table-wrap { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; background: var(--card); }
    th, td { text-align: left; padding: .55rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { font-size: .9rem; color: var(--muted); }
    .filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; background: var(--card);
      border: 1px solid var(--line); border-radius: 8px; padding: .25rem 1rem .75rem; }
    .filters .field { margin: .5rem 0 0; flex: 1 1 10rem; }
    .filters button { margin-top: .5rem; }
    .tags { display: flex; flex-wrap: wrap; gap: .35rem; padding: 0; margin: .25rem 0; list-style: none; }
    .tags li { background: var(--soft); border: 1px solid #c9d6e3; border-radius: 999px; padding: .1rem .65rem; font-size: .92rem; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
    dl.facts dt { font-weight: 600; color: var(--muted); }
    dl.facts dd { margin: 0; }
    dl.facts + h3, dl.facts.card { margin-top: 1.2rem; margin-bottom: 1rem; }
    .badge { display: inline-block; font-size: .8rem; font-weight: 700; padding: .05rem .5rem; border-radius: 4px;
      background: var(--soft); color: var(--accent-dark); border: 1px solid #b7c9db; }
    .code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 1.3rem; letter-spacing: .05em; font-weight: 700; white-space: nowrap; }
    .login-card .address strong { display: block; font-size: .95rem; overflow-wrap: anywhere; }
    .timetable th, .timetable td { text-align: center; }
    .timetable th[scope=row] { text-align: left; }
    .timetable input { width: 1.4rem; height: 1.4rem; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; }
    .login-card { border: 2px dashed #555; border-radius: 8px; padding: .8rem 1rem; background: #fff; break-inside: avoid; }
    .login-card h2 { margin: 0 0 .3rem; font-size: 1.15rem; }
    .login-card p { margin: .2rem 0; }
    .print-only { display: none; }
    .pair-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .4rem; padding: 0; margin: 0 0 1rem; }
    .pair-nav a { display: inline-block; padding: .35rem .8rem; border: 1px solid #b7c9db; border-radius: 999px; background: var(--card);
      text-decoration: none; font-weight: 600; min-height: 44px; line-height: 1.9; }
    .pair-nav a[aria-current=page] { background: var(--accent); border-color: var(--accent); color: #fff; }
    ul.reminders { padding-left: 1.1rem; margin: .5rem 0 0; }
    ul.reminders li { margin: .35rem 0; }
    ul.meetings { padding-left: 1.1rem; }
    ul.meetings li { margin: .4rem 0; }
    .field-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0 .75rem; }
    .field-row .field { margin: .5rem 0; }
    fieldset.period { margin: 0 0 .75rem; padding: .25rem .75rem; }
    fieldset.period .field-row { grid-template-columns: 1fr 1fr; }
    .feeling .face, .win .face { font-size: 1.6rem; }
    .feelings .option label { font-size: 1.05rem; }
    .milestones { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0 1rem; }
    .milestone { background: #fff6e0; border: 1px solid #e8c979; border-radius: 8px; padding: .4rem .75rem; }
    .win-text { font-size: 1.1rem; margin: .3rem 0; }
    .reaction { margin: .2rem 0; color: var(--muted); }
    ul.steps { list-style: none; padding: 0; }
    ul.steps li { padding: .35rem 0; border-bottom: 1px solid var(--line); }
    .step { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; }
    .step form { margin: 0; }
    .step-text.done { color: var(--muted); }
    button.small { padding: .3rem .8rem; min-height: 44px; font-size: .95rem; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    ul.notes { list-style: none; padding: 0; }
    ul.notes li { padding: .5rem 0; border-bottom: 1px solid var(--line); white-space: pre-line; }
    .story { white-space: pre-line; background: var(--soft); padding: .5rem .75rem; border-radius: 6px; }
    .badge.warn { background: #fff3d6; color: var(--warn); border-color: #e8c979; }
    tr.disagree td { background: #fffaf0; }
    details { margin: 1rem 0; }
    details summary { cursor: pointer; font-weight: 600; color: var(--accent); min-height: 44px; padding: .5rem 0; }
    caption { text-align: left; font-weight: 600; padding: .4rem 0; }
    .options.scale { grid-template-columns: 1fr; }
    input[type=time] { font: inherit; padding: .6rem .7rem; border: 1px solid #6b7385; border-radius: 6px; min-height: 44px; width: 100%; max-width: 32rem; }
    @media (max-width: 30rem) { h1 { font-size: 1.45rem; } nav ul { gap: 0 1rem; } nav a { padding: .2rem 0; } dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: .4rem; } }
    /* On a phone each table row becomes a small card, each cell labelled by its column. */
    @media (max-width: 40rem) {
      table.stack thead { position: absolute; left: -9999px; }
      table.stack tr { display: block; border: 1px solid var(--line); border-radius: 8px; margin: .6rem 0; padding: .3rem .6rem; background: var(--card); }
      table.stack td { display: flex; gap: .75rem; border: none; padding: .2rem 0; overflow-wrap: anywhere; }
      table.stack td ul { margin: 0; padding-left: 1rem; }
      .row-actions { flex-direction: row; flex-wrap: wrap; }
      table.stack td[data-label]::before { content: attr(data-label); font-weight: 600; color: var(--muted); min-width: 6.5rem; }
    }
    @page { size: A4; margin: 12mm; }
    @media print {
      header.site, footer, nav, .no-print, .skip { display: none !important; }
      .print-only { display: block; }
      body { background: #fff; }
      main, main.wide { max-width: none; padding: 0; }
      h1 { display: none; }
      .cards { grid-template-columns: 1fr 1fr; gap: 6mm; }
      .login-card { height: 50mm; }
    }
    """
}
