import { load } from '../../../../lib/data'

export const dynamic = 'force-dynamic'

// GET /api/data/:name: one record, as the browser's fetchers load it.
export async function GET(_request: Request, context: { params: Promise<{ name: string }> }) {
  const { name } = await context.params
  const record = load(name, 'http')
  return record === undefined ? Response.json({ error: 'not found' }, { status: 404 }) : Response.json(record)
}
