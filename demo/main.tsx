import { createRoot } from 'react-dom/client'
import { App } from './App'
import './styles.css'

// No <StrictMode>: in development it runs every effect twice, which would
// double the naive mode's requests and make the counts disagree with a
// production build. useSingleflight's StrictMode behaviour (still one
// request) is covered by the unit tests in test/react.
const root = document.getElementById('root')
if (!root) throw new Error('demo: #root is missing from index.html')
createRoot(root).render(<App />)
