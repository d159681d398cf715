import type { Firestore } from 'firebase-admin/firestore';

/**
 * How long the event at `position` of a tenant took from its commit to the step that projected
 * it, on the database's own clock: the event's create time, and the update time of the log
 * document when EventCounter's place first reached it (a listener, so nothing polls the
 * emulator meanwhile). Precise to the server's microseconds, whatever the client's timers do.
 */
export async function commitToProjection(db: Firestore, tenant: string, position: number): Promise<number> {
  const log = db.doc(`tenants/${tenant}/system/log`);
  const projectedAt = await new Promise<number>((resolve, reject) => {
    const stop = log.onSnapshot((doc) => {
      if (((doc.get('projections.EventCounter.position') as number | undefined) ?? 0) < position) return;
      stop();
      resolve(doc.updateTime!.toMillis());
    }, reject);
  });
  const [event] = (await db.collection(`tenants/${tenant}/events`).where('position', '==', position).get()).docs;
  return projectedAt - event!.createTime.toMillis();
}
