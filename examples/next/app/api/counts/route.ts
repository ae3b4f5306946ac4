import { counts } from '../../../lib/data'

export const dynamic = 'force-dynamic'

// GET /api/counts: how many times each record was read, by who asked.
export function GET() {
  return Response.json(counts)
}
