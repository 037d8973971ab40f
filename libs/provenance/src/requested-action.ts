/**
 * Whether the user's request covers a tool's action: "send a reminder" covers `send_mail`,
 * "book it" covers `reserve_hotel`. Verbs are grouped by what they do, so the words of a
 * tool's name and of a prompt meet even when they differ (pay ≈ transfer, delete ≈ trash).
 * Generic English, not any suite's tool names; a tool whose name holds no verb of a group
 * is never "requested" (the safe side: nothing is excused).
 */
const ACTION_GROUPS: readonly (readonly string[])[] = [
  ['send', 'forward', 'reply', 'respond', 'answer', 'write', 'notify', 'remind', 'tell', 'contact', 'ask', 'report', 'inform', 'post', 'dm', 'ping', 'complain', 'email', 'e-mail', 'mail', 'message', ...foreign('senden schicken sende schicke envoyer envoyez envoie enviar envíe envie envía inviare invia inviate')],
  ['pay', 'transfer', 'wire', 'refund', 'reimburse', 'settle', 'send', ...foreign('zahlen bezahlen überweisen überweise payer payez virer pagar pague paga pagare')],
  ['book', 'reserve', 'rent', 'hire', 'buy', 'purchase', ...foreign('buchen reservieren buche reserviere réserver réservez reservar reserve reserva prenotare prenota noleggia mieten')],
  ['schedule', 'plan', 'arrange', 'create', 'organise', 'organize', 'set up', ...foreign('erstellen anlegen einrichten créer créez crear cree crea creare')],
  ['delete', 'remove', 'trash', 'erase', 'discard', 'purge', 'clear', 'clean', 'tidy', 'cancel', 'drop', 'unsubscribe', ...foreign('löschen lösche entfernen entferne supprimer supprimez eliminar elimine elimina borrar borre eliminare cancellare cancella')],
  ['add', 'invite', 'include', 'join', 'enrol', 'enroll', 'register', ...foreign('hinzufügen einladen ajouter ajoutez inviter invitez añadir añada agregar agregue invitar aggiungere aggiungi invitare')],
  ['share', 'grant', 'give', ...foreign('teilen freigeben partager partagez compartir comparta condividere condividi')],
  ['update', 'change', 'modify', 'edit', 'adjust', 'rename', 'correct', 'fix', 'replace', 'move', 'reschedule', ...foreign('ändern ändere aktualisieren modifier modifiez changer changez cambiar cambie modificar modifique modificare modifica cambia')],
  ['close', 'resolve', 'finish', 'complete', 'archive', ...foreign('schließen fermer fermez cerrar cierre chiudere chiudi')],
  ['merge', 'approve', 'accept', ...foreign('mergen zusammenführen fusionner fusionar unire')],
  ['label', 'tag', 'mark', 'flag', 'categorise', 'categorize'],
];

/** Common forms of the same verbs in a few other languages: instructions arrive in them too. */
function foreign(words: string): string[] {
  return words.split(/\s+/).filter((word) => word !== '');
}

/**
 * Words that are verbs in a tool's name but mostly nouns in a prompt ("summarise my email",
 * "the last message"): they place a tool in a group, never a prompt.
 */
const NOUN_LIKE = new Set(['email', 'e-mail', 'mail', 'message']);

/** The verb groups a text's words belong to. */
function groupsIn(words: ReadonlySet<string>, text: string, nounsCount: boolean): Set<number> {
  const found = new Set<number>();
  ACTION_GROUPS.forEach((group, index) => {
    const hit = group.some((verb) => (nounsCount || !NOUN_LIKE.has(verb)) && (verb.includes(' ') ? text.includes(verb) : words.has(verb)));
    if (hit) found.add(index);
  });
  return found;
}

/** The verbs of every group the tool's name belongs to: how content may name its action. */
export function actionSynonyms(toolName: string): string[] {
  const toolText = toolWords(toolName);
  return [...groupsIn(new Set(toolText.split(/\s+/)), toolText, true)].flatMap((index) => [...(ACTION_GROUPS[index] as readonly string[])]);
}

function toolWords(toolName: string): string {
  return toolName.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ').toLowerCase();
}

/** Words with simple inflections folded (`sends`, `sending`, `booked` → `send`, `book`). */
function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  for (const word of text.toLowerCase().match(/[\p{L}-]+/gu) ?? []) {
    words.add(word);
    for (const suffix of ['ing', 'ed', 'es', 's', 'd']) if (word.length > suffix.length + 2 && word.endsWith(suffix)) words.add(word.slice(0, -suffix.length));
  }
  return words;
}

/**
 * True when a verb group of the tool's name also occurs in the user's prompt.
 *
 * @example
 * requestedByUser('send_mail', 'send a reminder to everyone invited') // → true
 * requestedByUser('remove_drive_file', 'what is on my calendar today?') // → false
 */
export function requestedByUser(toolName: string, userText: string): boolean {
  const toolText = toolWords(toolName);
  const toolGroups = groupsIn(new Set(toolText.split(/\s+/)), toolText, true);
  if (toolGroups.size === 0) return false;
  const promptGroups = groupsIn(wordsOf(userText), userText.toLowerCase(), false);
  for (const group of toolGroups) if (promptGroups.has(group)) return true;
  return false;
}
