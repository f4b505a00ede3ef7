import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nProvider } from 'react-aria-components'
import { QueryClientProvider } from '@tanstack/react-query'
import { queryClient } from './api/queries'
import { forgetAtSignOut } from './session/person-state'
import { App } from './app/App'
import './styles.css'

// What was read for one person is not the next one's.
forgetAtSignOut(() => queryClient.clear())

// The pharmacy is British: dates read DD/MM/YYYY in every component, whatever the computer's language.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider locale="en-GB">
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>
)
