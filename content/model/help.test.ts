import { describe, expect, it } from 'vitest';
import { helpSlot, helpSlots, townInstant } from './help.ts';
import type { HelpAgendas } from './types.ts';

const help: HelpAgendas = {
  horizonDays: 7,
  topics: [{ id: 'procedure', title: { fr: 'Une démarche' } }],
  places: [{ id: 'epn', kind: 'epn', name: { fr: 'EPN' }, address: '1 rue' }],
  permanences: [{ id: 'perm-lea', mediator: 'lea', name: 'Léa', place: 'epn', topics: ['procedure'], slotMinutes: 45, weekly: [{ day: 'tuesday', from: '09:00', to: '11:00' }] }],
  workshops: [{ id: 'atelier', title: { fr: 'Atelier' }, topic: 'procedure', place: 'epn', level: 'beginner', language: 'fr', capacity: 12, weekly: { day: 'thursday', from: '14:00', to: '16:00' } }],
  closed: ['2026-12-24'],
};

describe('help slots', () => {
  it('turns town times into instants with the offset of that day, winter and summer', () => {
    expect(townInstant('2026-12-15', 9 * 60).toISOString()).toBe('2026-12-15T08:00:00.000Z');
    expect(townInstant('2026-07-14', 9 * 60).toISOString()).toBe('2026-07-14T07:00:00.000Z');
    // The night clocks go back (25 October 2026): 09:00 is already winter time.
    expect(townInstant('2026-10-25', 9 * 60).toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(townInstant('2026-03-29', 9 * 60).toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('cuts permanences into whole slots, soonest first, after now and within the horizon, not on closed days', () => {
    const slots = helpSlots(help, new Date('2026-12-15T08:10:00Z'));
    expect(slots.map((s) => s.id)).toEqual(['perm-lea@2026-12-15T09:45', 'atelier@2026-12-17T14:00', 'perm-lea@2026-12-22T09:00', 'perm-lea@2026-12-22T09:45']);
    expect(slots[1]).toMatchObject({ kind: 'workshop', capacity: 12, start: '2026-12-17T13:00:00.000Z', end: '2026-12-17T15:00:00.000Z' });
    expect(helpSlots(help, new Date('2026-12-15T08:10:00Z'), { kind: 'workshop' }).map((s) => s.id)).toEqual(['atelier@2026-12-17T14:00']);
    expect(helpSlots(help, new Date('2026-12-15T08:10:00Z'), { place: 'elsewhere' })).toEqual([]);
    expect(helpSlots(help, new Date('2026-12-15T08:10:00Z'), { from: new Date('2026-12-20T00:00:00Z') }).map((s) => s.id)).toEqual(['perm-lea@2026-12-22T09:00', 'perm-lea@2026-12-22T09:45']);
  });

  it('finds a slot by its id only when the agenda holds it', () => {
    expect(helpSlot(help, 'perm-lea@2026-12-15T09:45')).toMatchObject({ kind: 'mediation', capacity: 1, end: '2026-12-15T09:30:00.000Z' });
    expect(helpSlot(help, 'perm-lea@2026-12-15T09:30')).toBeUndefined();
    expect(helpSlot(help, 'atelier@2026-12-24T14:00')).toBeUndefined();
    expect(helpSlot(help, 'nonsense')).toBeUndefined();
  });
});
