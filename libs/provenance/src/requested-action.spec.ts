import { describe, expect, it } from 'vitest';
import { actionSynonyms, requestedByUser } from './requested-action';

describe('requestedByUser', () => {
  it('matches a tool to a prompt verb of the same group, inflections included', () => {
    expect(requestedByUser('send_mail', 'send a reminder to everyone invited')).toBe(true);
    expect(requestedByUser('transfer_funds', 'Jane paid twice, send her 45.00 back')).toBe(true);
    expect(requestedByUser('reserve_hotel', 'find a hotel and book it')).toBe(true);
    expect(requestedByUser('trash_email', 'delete the newsletters')).toBe(true);
  });

  it('does not match an unrelated request, a noun that only looks like a verb, or a tool without a known verb', () => {
    expect(requestedByUser('remove_drive_file', 'What is on my calendar today?')).toBe(false);
    expect(requestedByUser('send_mail', 'Summarise my latest email')).toBe(false);
    expect(requestedByUser('frobnicate_widget', 'frobnicate everything')).toBe(false);
  });

  it('lists the verbs content may use for a tool’s action', () => {
    expect(actionSynonyms('remove_drive_file')).toContain('delete');
    expect(actionSynonyms('get_balance')).toEqual([]);
  });
});

describe('actionSynonyms in other languages', () => {
  it('knows common forms of the same verbs in other languages', () => {
    expect(actionSynonyms('remove_drive_file')).toEqual(expect.arrayContaining(['löschen', 'elimine', 'supprimer']));
    expect(requestedByUser('transfer_funds', 'Bitte überweisen Sie die Miete')).toBe(true);
  });
});
