import type { Product, User } from '../lib/resources'
import { cellContent, type Part } from './cell-content'

/**
 * Cell draws one component of the grid from what it knows about both resources.
 *
 * @example
 * <Cell user={{ data: user, error: undefined }} products={{ data: undefined, error: undefined }} />
 */
export const Cell = ({ user, products }: { user: Part<User>; products: Part<Product[]> }) => {
  const content = cellContent(user, products)
  return (
    <div className="cell" data-testid="cell" data-state={content.state} title={content.title}>
      <span className="cell-main">{content.main}</span>
      <span className="cell-sub">{content.sub}</span>
    </div>
  )
}
